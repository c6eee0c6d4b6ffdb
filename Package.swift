// swift-tools-version: 6.3
import PackageDescription

let commonSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "statussync",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "statussync", targets: ["statussync"])
    ],
    targets: [
        // All logic: model, configuration, providers, mapping, planning, apply, store.
        .target(name: "StatusSyncCore", swiftSettings: commonSettings),
        // A small blocking HTTP/1.1 server over POSIX sockets, shared by the emulators and `statussync serve`.
        .target(name: "StatusSyncHTTPServer", swiftSettings: commonSettings),
        // The provider emulators: the server side of the contract. Never imports StatusSyncCore.
        .target(name: "StatusSyncEmulator", dependencies: ["StatusSyncHTTPServer"], swiftSettings: commonSettings),
        // Argument parsing, help text and command dispatch.
        .target(
            name: "StatusSyncCLI",
            dependencies: ["StatusSyncCore", "StatusSyncEmulator", "StatusSyncHTTPServer"],
            swiftSettings: commonSettings
        ),
        .executableTarget(name: "statussync", dependencies: ["StatusSyncCLI"], swiftSettings: commonSettings),
        .executableTarget(
            name: "statussync-bench",
            dependencies: ["StatusSyncCLI", "StatusSyncCore", "StatusSyncEmulator"],
            swiftSettings: commonSettings
        ),
        // Test doubles shared by the test targets; not a product.
        .target(name: "StatusSyncTestSupport", dependencies: ["StatusSyncCore"], swiftSettings: commonSettings),
        .testTarget(
            name: "StatusSyncCoreTests",
            dependencies: ["StatusSyncCore", "StatusSyncTestSupport", "StatusSyncEmulator"],
            resources: [.copy("Fixtures")],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "StatusSyncEmulatorTests",
            dependencies: ["StatusSyncEmulator", "StatusSyncHTTPServer"],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "StatusSyncCLITests",
            dependencies: ["StatusSyncCLI", "StatusSyncTestSupport", "StatusSyncEmulator", "StatusSyncHTTPServer"],
            swiftSettings: commonSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
