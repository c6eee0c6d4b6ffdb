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
