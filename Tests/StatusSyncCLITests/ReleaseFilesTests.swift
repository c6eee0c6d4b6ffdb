import Foundation
import StatusSyncCLI
import Testing

/// The release scripts, the Dockerfile and the docs agree with each other and with ``BuildInfo/version``.
///
/// The release build itself takes minutes and is not run here: `scripts/release && scripts/check-release`.
@Suite struct ReleaseFilesTests {
    private static func text(_ path: String) throws -> String {
        try String(contentsOf: Workspace.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    }

    static let scripts = ["scripts/build-static", "scripts/release", "scripts/check-release", "scripts/embed-mappings"]

    @Test(.enabled(if: ExternalProgram.isInstalled("bash"), "bash is not installed"), arguments: scripts)
    func everyScriptIsValidBash(path: String) throws {
        let bash = try #require(ExternalProgram("bash"))
        let outcome = try bash.run(["-n", Workspace.repositoryRoot.appendingPathComponent(path).path])
        #expect(outcome.status == 0 && outcome.standardError.isEmpty, "\(outcome.standardError)")
        #expect(
            FileManager.default.isExecutableFile(atPath: Workspace.repositoryRoot.appendingPathComponent(path).path))
    }

    @Test(.enabled(if: ExternalProgram.isInstalled("shellcheck"), "shellcheck is not installed"), arguments: scripts)
    func shellcheckFindsNothing(path: String) throws {
        let shellcheck = try #require(ExternalProgram("shellcheck"))
        let outcome = try shellcheck.run([Workspace.repositoryRoot.appendingPathComponent(path).path])
        #expect(outcome.status == 0, "\(outcome.standardOutput)")
    }

    @Test func theDockerfileBuildsWithTheReleaseScriptsCommands() throws {
        let dockerfile = try Self.text("Dockerfile")
        let release = try Self.text("scripts/release")
        let build = try Self.text("scripts/build-static")
        #expect(build.contains("swift build -c release --static-swift-stdlib --product statussync"))
        // Both build with scripts/build-static and strip the result.
        for text in [dockerfile, release] {
            #expect(text.contains("scripts/build-static"))
            #expect(text.contains("strip "))
        }
        #expect(dockerfile.contains("FROM swift:6.3-bookworm AS build"))
        #expect(dockerfile.contains("FROM debian:bookworm-slim"))
        #expect(dockerfile.contains("libcurl4-openssl-dev") && release.contains("libcurl4-openssl-dev"))
        #expect(dockerfile.contains("libcurl4 ca-certificates"))
        #expect(dockerfile.contains("\nUSER statussync\n"))
        #expect(dockerfile.contains(#"ENTRYPOINT ["statussync"]"#))
    }

    @Test(arguments: ["Dockerfile", "README.md", "examples/mirroring/cronjob.yaml"])
    func theDocsNameThisVersion(path: String) throws {
        #expect(try Self.text(path).contains("statussync:\(BuildInfo.version)"), "\(path)")
    }

    @Test func theReadmeShowsTheTarballTheImageAndCompletionsAfterTheNewcomerCommands() throws {
        let readme = try Self.text("README.md")
        #expect(
            readme.hasPrefix(
                """
                # statussync

                ```sh
                swift run statussync demo   # migrate an example Freshstatus account to StatusHub, end to end, on built-in emulators
                swift test                  # run the test suite
                ```
                """))
        #expect(readme.contains("statussync-\(BuildInfo.version)-linux-x86_64.tar.gz"))
        #expect(readme.contains("docker build -t statussync:\(BuildInfo.version)"))
        for shell in ["bash", "zsh", "fish"] { #expect(readme.contains("statussync completion \(shell)")) }
    }
}
