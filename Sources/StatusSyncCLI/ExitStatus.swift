/// The process exit codes.
///
/// Scripts rely on these values; never renumber them.
package enum ExitStatus: Int32, Sendable, Hashable {
    /// Done, or (for `plan`) the target is already in sync.
    case success = 0
    /// A network, provider, file or configuration error.
    case failure = 1
    /// `plan --detailed-exitcode` found changes; `verify` found differences.
    case changesPending = 2
    /// The command line was invalid (EX_USAGE).
    case usage = 64
}
