import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Gives the memory a finished cycle freed back to the system, so a long run's resident set stays flat.
///
/// A cycle of `sync --watch` or `serve` reads whole accounts: megabytes of JSON and models, freed when the
/// cycle ends. glibc's allocator keeps freed memory in the arena it came from (one per thread that
/// allocated under contention, up to eight per core), and each cycle's work lands on whichever threads run
/// it: freed memory piles up across the arenas and the resident set grows with the cycles. `malloc_trim`
/// hands every arena's free pages back. Elsewhere (another C library, or none found) this does nothing.
enum FreedMemory {
    private typealias Trim = @convention(c) (Int) -> Int32
    private typealias Option = @convention(c) (Int32, Int32) -> Int32
    /// glibc's `M_MMAP_THRESHOLD` and `M_TRIM_THRESHOLD` (`malloc.h`).
    private static let mmapThreshold: Int32 = -3
    private static let trimThreshold: Int32 = -1
    /// The size from which a block is mapped on its own, and the free space an arena's top may keep.
    static let threshold: Int32 = 128 * 1024

    /// Sets glibc's allocator up for a process that runs for hours (`sync --watch`, `serve`): fixed thresholds for
    /// `mmap` and for trimming the top of a heap (128 KiB, glibc's starting values).
    ///
    /// Left to glibc, both rise after the first large block is freed (up to 32 and 64 MiB): the next cycles' large
    /// buffers (a snapshot's bytes, a page list) then come from an arena, and the free space at an arena's top is
    /// never given back, not even by `malloc_trim`. Measured on `serve`'s light cycles over a 1,000-incident
    /// account: `RssAnon` 18.5 → 25.6 MB in 14 cycles with glibc's thresholds, 16.2 → 15.7 MB with these.
    ///
    /// The number of arenas is left to glibc (eight a core). Each HTTP call leaks a few small blocks in
    /// FoundationNetworking (curl's URL parts), thousands in a migrating cycle; with few arenas they land among
    /// every later cycle's memory and keep its pages resident. `serve`'s light cycles on a 1,000-incident account,
    /// eight of them: with the arenas capped at 2, `VmRSS` grew 5.5 MB after a start cycle that migrated the
    /// account and 4.4 MB after one that wrote nothing; with 16 (glibc's number on 2 cores), 2.1 MB after the
    /// first, and with 8, 0.3 MB after the second (docs/BENCHMARKS.md).
    ///
    /// A setting the environment already makes (`MALLOC_MMAP_THRESHOLD_`, `MALLOC_TRIM_THRESHOLD_`,
    /// `GLIBC_TUNABLES`) is left alone.
    ///
    /// - Returns: Whether any setting was made and the C library took every one made.
    @discardableResult
    static func prepareForLongRun() -> Bool {
        #if canImport(Glibc)
            let environment = ProcessInfo.processInfo.environment
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
            let mallopt = unsafeBitCast(symbol, to: Option.self)
            var settings: [(variable: String, option: Int32, value: Int32)] = [
                ("MALLOC_MMAP_THRESHOLD_", mmapThreshold, Self.threshold),
                ("MALLOC_TRIM_THRESHOLD_", trimThreshold, Self.threshold),
            ]
            if environment["GLIBC_TUNABLES"] != nil { settings = [] }
            settings.removeAll { environment[$0.variable] != nil }
            let taken = settings.map { mallopt($0.option, $0.value) == 1 }
            return !taken.isEmpty && !taken.contains(false)
        #else
            return false
        #endif
    }

    /// Hands the free pages of every malloc arena back to the system (it walks every arena: once a cycle).
    ///
    /// - Returns: Whether the C library could be asked (glibc's `malloc_trim` was found).
    @discardableResult
    static func release() -> Bool {
        #if canImport(Glibc)
            // Looked up rather than called by name: Swift's Glibc module leaves `malloc.h` out.
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return false }
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
            return true
        #else
            return false
        #endif
    }
}
