import Testing

extension Tag {
    /// Suites that start the command as a child process and kill or signal it, or drive a browser
    /// (`KillResumeTests`, `SignalStopTests`, `WatchTests`, `ReviewPageBrowserTests`): the slow ones.
    ///
    /// This toolchain's `swift test --filter` matches names, not tags, so the README's development
    /// section runs them by their suite names; keep that list and this tag together.
    @Tag static var slow: Self
}
