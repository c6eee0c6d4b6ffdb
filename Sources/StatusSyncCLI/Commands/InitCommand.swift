import Foundation
import StatusSyncCore

/// `statussync init [--source P] [--target P]`: writes a starter configuration and copies its mapping file.
///
/// The configuration names a source account `old`, a target account `new` and a pair `migrate`;
/// the mapping file for the two providers (carried in the binary, see ``ShippedMappings``) is
/// written next to it. Neither file is ever overwritten. The result passes `config check` as soon
/// as the API key variables it names are set.
enum InitCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let source = ProviderID(rawValue: context.command.value("--source") ?? "") ?? .freshstatus
        let target = ProviderID(rawValue: context.command.value("--target") ?? "") ?? .statushub
        let starter = StarterConfiguration(source: source, target: target)
        let configPath = context.configurationPath
        let directory = URL(fileURLWithPath: configPath).deletingLastPathComponent()
        // Next to the configuration, written as the user wrote the configuration's path (relative stays relative).
        let configDirectory = (configPath as NSString).deletingLastPathComponent
        let mappingPath =
            configDirectory.isEmpty
            ? starter.mappingFileName : (configDirectory as NSString).appendingPathComponent(starter.mappingFileName)
        guard let mapping = ShippedMappings.files[starter.mappingFileName] else {
            throw CommandError.invalidInput(
                "this build carries no mapping \(starter.mappingFileName); this is a bug, please report it")
        }
        for path in [configPath, mappingPath] where FileManager.default.fileExists(atPath: path) {
            throw CommandError.invalidInput(
                "\(path) already exists and init never overwrites a file; remove it or pass --config OTHER/statussync.json"
            )
        }
        try AtomicFile.createDirectory(directory.path)
        try AtomicFile.write(Data(mapping.utf8), to: mappingPath)
        try AtomicFile.write(Data(starter.json.utf8), to: configPath)

        let configOption = context.command.global.configPath.map { " --config \($0)" } ?? ""
        context.result(
            "Wrote \(configPath) (pair 'migrate': old on \(source.displayName) → new on \(target.displayName)) "
                + "and \(mappingPath).")
        context.result("Next:")
        context.result("  1. In \(configPath), set " + starter.fieldsToFill.joined(separator: ", ") + ".")
        context.result("  2. export " + starter.keyVariables.map { "\($0)=..." }.joined(separator: " "))
        context.result("  3. statussync config check --online\(configOption)")
        context.result("  4. statussync plan migrate\(configOption)")
        return .success
    }
}

/// The configuration `statussync init` writes for one direction.
struct StarterConfiguration {
    var source: ProviderID
    var target: ProviderID

    /// The shipped mapping file for the direction, such as `freshstatus-to-statushub.json`.
    var mappingFileName: String { "\(source.rawValue)-to-\(target.rawValue).json" }

    /// The API key variables of the source and the target account.
    var keyVariables: [String] {
        guard source == target else { return [Self.keyVariable(source, ""), Self.keyVariable(target, "")] }
        return [Self.keyVariable(source, "SOURCE_"), Self.keyVariable(target, "TARGET_")]
    }

    /// The placeholders to replace, by their JSON paths.
    var fieldsToFill: [String] {
        [("old", source), ("new", target)].flatMap { name, provider in
            switch provider {
            case .freshstatus: ["accounts.\(name).subdomain"]
            case .statushub: ["accounts.\(name).account", "accounts.\(name).hub", "accounts.\(name).region"]
            }
        }
    }

    /// The file's text.
    var json: String {
        let keys = keyVariables
        return """
            {
              "version": \(Configuration.currentVersion),
              "store": ".statussync",
              "accounts": {
                "old": \(Self.account(source, key: keys[0])),
                "new": \(Self.account(target, key: keys[1]))
              },
              "pairs": {
                "migrate": { "source": "old", "target": "new", "mapping": "\(mappingFileName)" }
              }
            }

            """
    }

    private static func keyVariable(_ provider: ProviderID, _ infix: String) -> String {
        "\(provider.rawValue.uppercased())_\(infix)API_KEY"
    }

    private static func account(_ provider: ProviderID, key: String) -> String {
        switch provider {
        case .freshstatus:
            #"{ "provider": "freshstatus", "subdomain": "your-subdomain", "apiKeyEnv": "\#(key)" }"#
        case .statushub:
            #"{ "provider": "statushub", "account": "your-account", "hub": "your-hub", "region": "us", "#
                + #""apiKeyEnv": "\#(key)" }"#
        }
    }
}
