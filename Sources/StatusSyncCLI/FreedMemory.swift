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
    /// glibc's `M_ARENA_MAX` (`malloc.h`).
    private static let arenaMaximum: Int32 = -8

    /// Caps glibc's malloc arenas at `count` for the rest of the process.
    ///
    /// For a process that runs for hours (`sync --watch`, `serve`): fewer arenas hold fewer freed pages
    /// between cycles. Measured with
    /// `MALLOC_ARENA_MAX=2` on a 15-minute watch: 45 → 54 MB, against 45 → 60 MB in 15 minutes with the
    /// default (docs/BENCHMARKS.md). A setting of the environment's `MALLOC_ARENA_MAX` is left alone.
    ///
    /// - Returns: Whether the C library took the setting.
    @discardableResult
    static func limitArenas(to count: Int32 = 2) -> Bool {
        #if canImport(Glibc)
            guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil,
                let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt")
            else { return false }
            return unsafeBitCast(symbol, to: Option.self)(arenaMaximum, count) == 1
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
