import Foundation
import StatusSyncCLI
import StatusSyncCore
import Testing

/// How a configuration that cannot be used is reported: one problem a line, "did you mean" for a
/// mistyped key, and the line and column where a file stops being JSON.
@Suite struct ConfigurationErrorTests {
    private func run(_ contents: String) async throws -> (path: String, result: CLIResult) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/statussync.json"
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return (path, await runCLI(["plan", "migrate", "--offline", "--config", path]))
    }

    @Test func everyProblemIsItsOwnLineAndAMistypedKeySaysWhatWasMeant() async throws {
        let (path, result) = try await run(
            #"{"version": 1, "acounts": {}, "stor": "x", "accounts": {"old": {"provider": "freshstatus", "#
                + #""subdomian": "acme", "apiKeyEnv": "K"}}}"#)
        #expect(result.status == .failure)
        #expect(
            result.standardError.split(separator: "\n") == [
                "error: \(path): acounts: unknown key 'acounts' (allowed here: version, store, retention, accounts, pairs)",
                "error: \(path): stor: unknown key 'stor'; did you mean 'store'?",
                "error: \(path): accounts.old.subdomian: unknown key 'subdomian'; did you mean 'subdomain'?",
                "error: \(path): accounts.old.subdomain: missing (required)",
            ], "\(result.standardError)")
    }

    @Test func invalidJSONNamesTheLineAndColumn() async throws {
        let (path, result) = try await run(
            "{\"version\": 1,\n  \"accounts\": {\n    \"old\": {\"provider\": \"x\",, }\n}}\n")
        #expect(result.status == .failure)
        #expect(result.standardError == "error: \(path) is not valid JSON: line 3, column 29: invalid value\n")
        let (cut, truncated) = try await run("{\"version\": 1,\n  \"accounts\": {\n")
        #expect(
            truncated.standardError
                == "error: \(cut) is not valid JSON: line 2, at the end: the file ends before the JSON does "
                + "(a missing } or ])\n")
    }
}
