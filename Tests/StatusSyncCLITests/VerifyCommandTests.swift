import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncEmulator
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite struct VerifyCommandTests {
    @Test func afterAnApplyVerifyIsFaithfulInEveryFormatOnlineAndOffline() async throws {
        let workspace = try LiveWorkspace()
        let applied = await workspace.run(["apply", "migrate", "--yes"])
        #expect(applied.status == .success, "\(applied.standardError)")
        #expect(try await workspace.takeTargetWrites() == 5)

        let text = await workspace.run(["verify", "migrate"])
        #expect(text.status == .success, "\(text.standardOutput)\(text.standardError)")
        #expect(
            text.standardOutput.hasPrefix(
                "faithful: 1 incident, 2 updates, 0 maintenances, 2 services; uptime equal to the minute on 2 of 2 services\n"
            ))
        #expect(text.standardOutput.contains("target says"), "the StatusHub target's uptime endpoint is a witness")
        #expect(try await workspace.takeTargetWrites() == 0)

        let offline = await workspace.run(["verify", "migrate", "--offline", "--format", "json"])
        #expect(offline.status == .success, "\(offline.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(offline.standardOutput.utf8)) as? [String: Any]
        #expect(object?["formatVersion"] as? Int == 1)
        #expect((object?["differences"] as? [Any])?.isEmpty == true)
        #expect((object?["counts"] as? [Any])?.isEmpty == false)

        // Since a later day, the one incident is before the window: skipped on the source, ignored on the target.
        let since = await workspace.run(["verify", "migrate", "--offline", "--since", "2026-06-01", "--format", "json"])
        #expect(since.status == .success, "\(since.standardOutput)")
        let recent = try JSONSerialization.jsonObject(with: Data(since.standardOutput.utf8)) as? [String: Any]
        #expect((recent?["window"] as? [String: Any])?["start"] as? Int == 1_780_272_000)
        let incidents = (recent?["counts"] as? [[String: Any]])?.first { $0["kind"] as? String == "incident" }
        #expect(incidents?["skipped"] as? Int == 1)
        #expect(incidents?["carried"] as? Int == 0)

        let markdown = await workspace.run(["verify", "migrate", "--offline", "--format", "markdown"])
        #expect(markdown.standardOutput.hasPrefix("## statussync verify: `migrate`"))
        #expect(markdown.standardOutput.count <= 65_000)

        let page = workspace.directory + "/verify.html"
        let html = await workspace.run(["verify", "migrate", "--offline", "--format", "html", "--out", page])
        #expect(html.status == .success)
        #expect(html.standardOutput.hasPrefix("faithful: "))
        let saved = try String(contentsOfFile: page, encoding: .utf8)
        #expect(saved.contains("<article class=\"card\">"))
        #expect(!saved.contains("http://") && !saved.contains("https://"), "the page requests nothing from any host")
    }

    @Test func aRenamedServiceIsADifferenceAndExitsTwo() async throws {
        let workspace = try LiveWorkspace()
        #expect(await workspace.run(["apply", "migrate", "--yes"]).status == .success)
        let links = await workspace.run(["state", "show", "migrate", "--format", "json"])
        let serviceID = try #require(
            links.standardOutput.range(of: #""service:10"[^}]*"targetID" : "([0-9]+)""#, options: .regularExpression)
                .map { String(links.standardOutput[$0]).split(separator: "\"").last.map(String.init) } ?? nil)
        var request = URLRequest(
            url: workspace.target.baseURL.appendingPathComponent(
                "hubs/\(workspace.target.options.hub)/services/\(serviceID)"))
        request.httpMethod = "PUT"
        request.setValue(workspace.target.options.apiKey, forHTTPHeaderField: "X-API-KEY")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"name": "Sign-in"}"#.utf8)
        _ = try await URLSession.shared.data(for: request)

        let result = await workspace.run(["verify", "migrate"])
        #expect(result.status == .changesPending)
        #expect(result.standardOutput.hasPrefix("1 difference in 1 entity:"), "\(result.standardOutput)")
        #expect(
            result.standardOutput.contains(
                "changed: service \"Login\" [target \(serviceID)] name: source \"Login\", target \"Sign-in\""))
    }

    @Test func aBadDateIsAUsageError() async throws {
        let workspace = try LiveWorkspace()
        let result = await workspace.run(["verify", "migrate", "--since", "yesterday"])
        #expect(result.status == .usage)
        #expect(result.standardError.contains("invalid value 'yesterday' for '--since'"))
        let offline = await workspace.run(["verify", "migrate", "--offline"])
        #expect(offline.status == .failure)
        #expect(offline.standardError.hasPrefix("error: "))
    }

    /// In a pipe a fatal error is the one line on standard error: no "Fetching ..." note before it.
    @Test func aWrongKeyInAPipeIsOneLineOnStandardError() async throws {
        let workspace = try LiveWorkspace()
        let result = await workspace.run(["verify", "migrate"], environment: ["SH_KEY": "wrong"])
        #expect(result.status == .failure)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(result.standardError)")
        #expect(lines.first?.hasPrefix("error: ") == true, "\(result.standardError)")
        #expect(!result.standardError.contains("wrong"), "the key never reaches the output")
    }
}
