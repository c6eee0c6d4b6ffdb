import StatusSyncCLI

/// The CLI's exit status, named where `Testing`'s own `ExitStatus` would make the name ambiguous.
typealias CLIExitStatus = ExitStatus
