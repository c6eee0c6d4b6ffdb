import Foundation

/// A program outside the package (a shell, `man`), run to check what statussync generates for it.
struct ExternalProgram {
    /// What a run printed and how it ended.
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The program's path.
    let path: String

    /// The program found on the usual system paths, or `nil` when it is not installed.
    init?(_ name: String) {
        let directories = ["/usr/bin", "/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        guard let found = directories.map({ "\($0)/\(name)" }).first(where: FileManager.default.isExecutableFile)
        else { return nil }
        path = found
    }

    /// Whether `name` is installed.
    static func isInstalled(_ name: String) -> Bool { ExternalProgram(name) != nil }

    /// Runs the program to its end (each program run here finishes in well under a second).
    func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        // Standard error goes to a file, so a program writing much to both streams cannot block on a full pipe.
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorPath.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorPath) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: errorPath), as: UTF8.self))
    }
}
