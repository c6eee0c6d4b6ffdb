// The benchmarks: `swift run -c release statussync-bench [NAME]`.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "plan":
    try PlanBenchmark.run(sizes: arguments.dropFirst().compactMap { Int($0) }.nilIfEmpty ?? [1000, 10_000, 100_000])
case "plan-generate" where arguments.count == 3:
    try PlanBenchmark.generate(incidents: Int(arguments[1]) ?? 1000, directory: arguments[2])
case "plan-one" where arguments.count == 3:
    try PlanBenchmark.runOne(incidents: Int(arguments[1]) ?? 1000, directory: arguments[2])
case "apply":
    try await ApplyBenchmark.run(seedPath: arguments.dropFirst().first ?? "examples/freshstatus-seed.json")
case "snapshot":
    try await SnapshotBenchmark.run(largeIncidents: arguments.dropFirst().first.flatMap { Int($0) } ?? 10_000)
case "snapshot-one" where arguments.count == 4:
    try await SnapshotBenchmark.runOne(baseURL: arguments[1], hub: arguments[2], key: arguments[3])
default:
    print("usage: statussync-bench plan [SIZES...] | apply [SEED] | snapshot [INCIDENTS]")
}

extension Array {
    var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}
