import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The calls made against one account's key, recorded in the store, so every process on the same
/// store (a serve, a cron run, a manual apply) keeps within the provider's hourly limit together.
///
/// The record is `calls/ACCOUNT.log` in the store: one line per call, its time in milliseconds since
/// 1970. Every read and write of it happens under an exclusive `flock` of `calls/ACCOUNT.lock`, held
/// for a few file operations only; calls that have left the window are dropped as the file is
/// rewritten. A process killed with `kill -9` loses nothing already recorded, and leaves no lock.
package struct CallLedger: SharedCallBudget {
    /// The account whose calls are recorded.
    package let account: String
    /// The calls allowed in any span of ``window``.
    package let limit: Int
    /// The span the limit counts over.
    package let window: Duration
    private let directory: String
    private let time: TimeSource
    private let onWait: (@Sendable (String) -> Void)?

    /// Opens the ledger of `account` in `store`.
    ///
    /// - Parameters:
    ///   - store: The store shared by the processes.
    ///   - account: The account's name in the configuration.
    ///   - limit: The calls allowed in any span of `window`.
    ///   - window: The span, an hour for Freshstatus.
    ///   - time: The clock calls are dated and waited with.
    ///   - onWait: Told, in one line, when a call waits for the shared window.
    package init(
        store: FileStore, account: String, limit: Int, window: Duration, time: TimeSource = .live,
        onWait: (@Sendable (String) -> Void)? = nil
    ) {
        self.account = account
        self.limit = max(limit, 1)
        self.window = window
        self.directory = "\(store.root)/calls"
        self.time = time
        self.onWait = onWait
    }

    /// The ledger for an account whose limits are one sliding window for every call, such as Freshstatus's
    /// 1,000 calls an hour; `nil` for limits paced per second, which no other process can exhaust for long.
    package static func forAccount(
        _ account: String, limits: AccountRateLimits, store: FileStore, time: TimeSource = .live,
        onWait: (@Sendable (String) -> Void)? = nil
    ) -> CallLedger? {
        guard case .shared(.slidingWindow(let limit, let window)) = limits else { return nil }
        return CallLedger(store: store, account: account, limit: limit, window: window, time: time, onWait: onWait)
    }

    /// The record's path.
    package var path: String { "\(directory)/\(account).log" }

    package func admit() async throws {
        while true {
            let now = time.now()
            let wait = try withRecord(now: now) { calls -> Duration? in
                guard calls.count >= limit else {
                    calls.append(Self.milliseconds(now))
                    return nil
                }
                let frees = calls[calls.count - limit] + Self.milliseconds(window)
                return .milliseconds(max(frees - Self.milliseconds(now), 1))
            }
            guard let wait else { return }
            onWait?(
                "'\(account)': \(limit) calls made in the last \(Self.describe(window)) by every process on this store; "
                    + "the next call waits \(Self.describe(wait))")
            try await time.sleep(wait)
        }
    }

    /// The calls recorded in the window that ends now.
    package func recentCalls() throws(StoreError) -> Int {
        try withRecord(now: time.now()) { $0.count }
    }

    /// The calls still allowed in the window that ends now.
    package func callsLeft() throws(StoreError) -> Int {
        max(0, limit - (try recentCalls()))
    }

    // MARK: - The record

    /// Runs `body` on the calls in the window ending at `now`, under the lock, and saves what it leaves.
    private func withRecord<Result>(
        now: Date, _ body: (inout [Int64]) -> Result
    ) throws(StoreError) -> Result {
        try AtomicFile.createDirectory(directory)
        let lockPath = "\(directory)/\(account).lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(path: lockPath, reason: AtomicFile.errnoText()) }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw .io(path: lockPath, reason: AtomicFile.errnoText()) }
        defer { flock(descriptor, LOCK_UN) }
        let recorded = Self.parse(FileManager.default.contents(atPath: path) ?? Data())
        let start = Self.milliseconds(now) - Self.milliseconds(window)
        var calls = recorded.filter { $0 > start }
        let result = body(&calls)
        if calls != recorded {
            let text = calls.map { "\($0)\n" }.joined()
            guard FileManager.default.createFile(atPath: path + ".tmp", contents: Data(text.utf8)),
                rename(path + ".tmp", path) == 0
            else { throw .io(path: path, reason: AtomicFile.errnoText()) }
        }
        return result
    }

    private static func parse(_ data: Data) -> [Int64] {
        String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { Int64($0) }.sorted()
    }

    private static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    private static func describe(_ duration: Duration) -> String {
        let seconds = Double(milliseconds(duration)) / 1000
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600))h" }
        if seconds >= 60 { return "\(Int(seconds / 60))m \(Int(seconds.truncatingRemainder(dividingBy: 60)))s" }
        return String(format: "%.1fs", seconds)
    }
}
