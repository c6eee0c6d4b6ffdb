import Foundation
import Testing

/// The core's folders form layers that a test checks.
///
/// A folder of `Sources/StatusSyncCore` may name the types of the folders below it, never those
/// beside or above it; only the registry names the concrete providers.
@Suite struct LayeringTests {
    /// Each folder's layer; a type may be named only from a higher layer (or its own folder).
    static let layers: [String: Int] = [
        "Support": 0, "Model": 1, "Providers/HTTP": 2, "Providers": 3, "Providers/Freshstatus": 4,
        "Providers/StatusHub": 4, "Configuration": 5, "Store": 6, "Snapshotting": 7, "Mapping": 7, "Rendering": 7,
        "Planning": 8, "Apply": 9, "Verification": 9, "Sync": 10,
    ]
    /// The folders of concrete providers: named only by their own folder and the registry.
    static let concreteProviders: Set<String> = ["Providers/Freshstatus", "Providers/StatusHub"]
    /// The one file that picks a concrete provider's definition.
    static let registry = "Providers/ProviderRegistry.swift"

    /// A source file, by its path under `Sources/StatusSyncCore`.
    struct SourceFile {
        var path: String
        var text: String

        /// The layer folder: the first path component, or two under `Providers/`.
        var folder: String {
            let parts = path.split(separator: "/").map(String.init)
            if parts.first == "Providers", parts.count > 2 { return "Providers/" + parts[1] }
            return parts.first ?? ""
        }
    }

    /// The text without comments and string literals, whose words are not references.
    static func code(_ text: String) -> String {
        var result = text
        for pattern in [#"//[^\n]*"#, #"/\*[\s\S]*?\*/"#, ##"#?"""[\s\S]*?"""#?"##, #""(\\.|[^"\\\n])*""#] {
            result = result.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return result
    }

    static func matches(_ pattern: String, in text: String, group: Int) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: group), in: text).map { String(text[$0]) }
        }
    }

    /// Every reference from a folder to a type of a folder it may not name, as `file: Type (Folder)`.
    static func violations(_ files: [SourceFile]) -> [String] {
        var declaredIn: [String: String] = [:]
        let declaration =
            #"^(?:@\w+\s+)*(?:(?:package|public|private|fileprivate|internal|final|indirect)\s+)*"#
            + #"(?:struct|enum|class|protocol|actor|typealias)\s+(\w+)"#
        for file in files {
            for name in matches(declaration, in: code(file.text), group: 1) where declaredIn[name] == nil {
                declaredIn[name] = file.folder
            }
        }
        var found: [String] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            let words = Set(matches(#"\b([A-Z]\w*)\b"#, in: code(file.text), group: 1))
            for name in words.sorted() {
                guard let owner = declaredIn[name], owner != file.folder else { continue }
                let allowed: Bool
                if concreteProviders.contains(owner) {
                    allowed = file.path == registry
                } else {
                    allowed = (layers[owner] ?? .max) < (layers[file.folder] ?? .min)
                }
                if !allowed { found.append("\(file.path): \(name) (\(owner))") }
            }
        }
        return found
    }

    static func coreSources() throws -> [SourceFile] {
        let root = MappingLoaderTests.repositoryRoot.appendingPathComponent("Sources/StatusSyncCore")
        let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
        var files: [SourceFile] = []
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            files.append(
                SourceFile(path: path, text: try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
            )
        }
        return files
    }

    @Test func theCoreHasNoBackEdges() throws {
        let files = try Self.coreSources()
        #expect(files.count > 100)
        #expect(Set(files.map(\.folder)).isSubset(of: Set(Self.layers.keys)), "a folder without a layer")
        #expect(Self.violations(files) == [])
    }

    @Test func aBackEdgeOrAConcreteProviderNamedOutsideTheRegistryIsFound() {
        let files = [
            SourceFile(path: "Model/Instant.swift", text: "package struct Instant {}"),
            SourceFile(path: "Support/Clock.swift", text: "// Instant in a comment\nlet now = Instant()"),
            SourceFile(path: "Providers/StatusHub/StatusHubClient.swift", text: "package struct StatusHubClient {}"),
            SourceFile(path: "Providers/ProviderRegistry.swift", text: "let a = StatusHubClient()"),
            SourceFile(path: "Providers/Paging.swift", text: #"let b = StatusHubClient(); let c = "Instant""#),
            SourceFile(path: "Mapping/Mapper.swift", text: "let d = StatusHubClient()"),
        ]
        #expect(
            Self.violations(files) == [
                "Mapping/Mapper.swift: StatusHubClient (Providers/StatusHub)",
                "Providers/Paging.swift: StatusHubClient (Providers/StatusHub)",
                "Support/Clock.swift: Instant (Model)",
            ])
    }
}
