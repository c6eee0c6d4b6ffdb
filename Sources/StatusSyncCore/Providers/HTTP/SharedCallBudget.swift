/// A call budget that several processes share: each call is admitted, or waits, against every call made.
package protocol SharedCallBudget: Sendable {
    /// Waits until the shared window has room for one more call, and records it.
    ///
    /// - Throws: `CancellationError` when the task is cancelled while waiting, or an error of the store when the
    ///   record cannot be read or written.
    func admit() async throws
}
