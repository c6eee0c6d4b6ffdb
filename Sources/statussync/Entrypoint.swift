import Foundation
import StatusSyncCLI

@main
enum Entrypoint {
    static func main() async {
        let status = await StatusSyncCLI.run(
            arguments: Array(CommandLine.arguments.dropFirst()),
            environment: ProcessInfo.processInfo.environment,
            output: .standard
        )
        exit(status.rawValue)
    }
}
