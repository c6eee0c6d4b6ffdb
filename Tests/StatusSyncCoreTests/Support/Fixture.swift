import Foundation
import Testing

/// Reads test fixtures from `Fixtures/` through the test bundle.
enum Fixture {
    /// The bytes of `Fixtures/<path>`.
    static func data(_ path: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/" + path, withExtension: nil))
        return try Data(contentsOf: url)
    }
}

/// A fresh temporary directory, removed by the caller.
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("statussync-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
