// The benchmarks: `swift run -c release statussync-bench NAME`; docs/BENCHMARKS.md records their results.
//
// server             the emulators' HTTP server: keep-alive GETs per second and memory
// seeds              regenerates examples/freshstatus-seed.json and examples/statushub-seed.json
// snapshot [N]       snapshot calls against the minimum, incremental cost, time at 150 ms latency, N incidents
// plan [SIZES...]    offline plan time and peak memory (default 1000 10000 100000 incidents)
// apply [SEED]       apply at 150 ms latency and 20 writes/s, scheduler and sequential, against the floor
// apply --faults F,L,T [SEED]  the same with F answered 500, L answers lost, T spurious 429 (e.g. 0.05,0.03,0.05)
// apply --end-to-end [--verbose] [SEED]  only the whole command's part of `apply`; --verbose prints the command's
//                    `--verbose` lines, each with the seconds since its start (where the time before the first
//                    write goes)
// review [N [FILE]]  Markdown and HTML size and render time for N incidents (default 10000), Chromium's open
//                    time; keeps the page at FILE
// serve [CHANGES [CYCLES]]  serve at 150 ms latency: lag from a source change to the target over CHANGES
//                    webhook-carried changes (default 200); calls a reconcile cycle of a 1,000-incident source
//                    costs, over CYCLES cycles (default 6), and serve's RSS (needs 'swift build -c release')
// verify [SIZES...]  verify --offline time and peak memory on a migrated pair (default 1000 10000 100000 incidents)
// watch [--minutes M] [--interval D]  the release `sync --watch` (default 60 min, 10s) with a source change every
//                    20 s: cycles, changes carried, the child's RSS over time
// crash [--kills N] [SEED]  the release `apply` of the example seed killed with SIGKILL N times (default 100) at
//                    random points drawn from SEED, resumed each time: duplicates and missing entities in the target
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let usage =
    "usage: statussync-bench server | seeds | snapshot [INCIDENTS] | plan [SIZES...] | verify [SIZES...] | apply [SEED] | apply --faults F,L,T [SEED] | apply --end-to-end [--verbose] [SEED] | review [N [FILE]] | serve [CHANGES [CYCLES]] | watch [--minutes M] [--interval D] | crash [--kills N] [SEED]\n(the comment at the top of Sources/statussync-bench/main.swift and docs/BENCHMARKS.md say what each measures)"
if arguments.isEmpty || arguments.contains(where: { ["--help", "-h", "help"].contains($0) }) {
    print(usage)
    exit(arguments.isEmpty ? 64 : 0)
}
switch arguments.first {
case "server":
    runServerBenchmarks()
case "seeds":
    writeSeeds()
case "plan":
    try PlanBenchmark.run(sizes: arguments.dropFirst().compactMap { Int($0) }.nilIfEmpty ?? [1000, 10_000, 100_000])
case "plan-generate" where arguments.count == 3:
    try PlanBenchmark.generate(incidents: Int(arguments[1]) ?? 1000, directory: arguments[2])
case "plan-one" where arguments.count == 3:
    try PlanBenchmark.runOne(incidents: Int(arguments[1]) ?? 1000, directory: arguments[2])
case "verify":
    try VerifyBenchmark.run(sizes: arguments.dropFirst().compactMap { Int($0) }.nilIfEmpty ?? [1000, 10_000, 100_000])
case "verify-generate" where arguments.count == 3:
    try VerifyBenchmark.generate(incidents: Int(arguments[1]) ?? 1000, directory: arguments[2])
case "verify-one" where arguments.count == 3:
    try await VerifyBenchmark.runOne(incidents: Int(arguments[1]) ?? 1000, directory: arguments[2])
case "apply" where arguments.count >= 3 && arguments[1] == "--faults":
    try await ApplyBenchmark.runWithFaults(
        seedPath: arguments.count > 3 ? arguments[3] : "examples/freshstatus-seed.json",
        faults: arguments[2].split(separator: ",").compactMap { Double($0) })
case "apply" where arguments.contains("--end-to-end"):
    try await ApplyBenchmark.runEndToEnd(
        seedPath: positional(after: []).first { !$0.hasPrefix("--") } ?? "examples/freshstatus-seed.json",
        verbose: arguments.contains("--verbose"))
case "apply":
    try await ApplyBenchmark.run(seedPath: arguments.dropFirst().first ?? "examples/freshstatus-seed.json")
case "watch":
    try await WatchBenchmark.run(
        minutes: option("--minutes").flatMap { Double($0) } ?? 60, interval: option("--interval") ?? "10s",
        seedPath: "examples/freshstatus-seed.json")
case "crash":
    try await CrashBenchmark.run(
        kills: option("--kills").flatMap { Int($0) } ?? 100,
        seed: positional(after: ["--kills"]).first.flatMap { UInt64($0) } ?? 2026,
        seedPath: "examples/freshstatus-seed.json")
case "review":
    try ReviewBenchmark.run(
        incidents: arguments.dropFirst().first.flatMap { Int($0) } ?? 10_000, keep: arguments.dropFirst(2).first)
case "serve":
    try await ServeBenchmark.run(
        changes: arguments.dropFirst().first.flatMap { Int($0) } ?? 200,
        cycles: arguments.dropFirst(2).first.flatMap { Int($0) } ?? 6)
case "snapshot":
    try await SnapshotBenchmark.run(largeIncidents: arguments.dropFirst().first.flatMap { Int($0) } ?? 10_000)
case "snapshot-one" where arguments.count == 4:
    try await SnapshotBenchmark.runOne(baseURL: arguments[1], hub: arguments[2], key: arguments[3])
default:
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(64)
}

/// The value after `name` among the arguments, if any.
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
}

/// The arguments after the benchmark's name that are neither one of `options` nor an option's value.
func positional(after options: Set<String>) -> [String] {
    var result: [String] = []
    var index = 1
    while index < arguments.count {
        if options.contains(arguments[index]) {
            index += 2
        } else {
            result.append(arguments[index])
            index += 1
        }
    }
    return result
}

extension Array {
    var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}
