import Foundation
import StatusSyncCore

/// `statussync verify PAIR`: proves the target says what the source said, or lists where it does not.
enum VerifyCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let since = try sinceOption(context)
        let session = try PairSession(context)
        let now = Instant(context.now())
        let verifier = Verifier(
            mapper: Mapper(mapping: session.mapping, mappingPath: session.pair.mapping, now: now), since: since)
        // Links an interrupted apply left in the journal count too; verify writes nothing, so they are folded in memory.
        let journal = try Journal.replay(path: session.store.journalPath(pair: session.pair.name)).results
        var result: Verifier.Result
        if context.command.flag("--offline") {
            var stored = try await StoredPair.read(
                from: session.store, pair: session.pair.name,
                source: (session.source.name, session.source.provider),
                target: (session.target.name, session.target.provider))
            stored.state.fold(journal)
            result = try await verifier.verifyConcurrently(
                pair: session.pair.name, source: stored.source,
                sourceSide: side(session.source, stored.sourceHeader), target: stored.target,
                targetSide: side(session.target, stored.targetHeader), state: stored.state)
        } else {
            var state = try session.store.pairState(session.pair.name)
            state.fold(journal)
            let (sync, _) = try session.makeSync(now: now)
            if !context.output.isErrorTerminal {
                context.note("Fetching '\(session.source.name)' and '\(session.target.name)'...")
            }
            let reports = try await sync.snapshots()
            result = try await verify(
                verifier, sync: sync, source: reports.source.snapshot, target: reports.target.snapshot, state: state)
        }
        let rendered = try render(result, context: context)
        if let out = context.command.value("--out") {
            try AtomicFile.write(Data(rendered.utf8), to: out)
            context.info("Saved the verification to \(out).")
            context.result(VerificationRenderer.summary(result.verification))
        } else {
            context.output.standardOutput(rendered)
        }
        return result.verification.isFaithful ? .success : .changesPending
    }

    /// Verifies two snapshots just fetched, with the witnesses the pair's providers offer.
    static func verify(
        _ verifier: Verifier, sync: PairSync, source: Snapshot, target: Snapshot, state: PairState
    ) async throws -> Verifier.Result {
        var result = try await verifier.verifyConcurrently(
            pair: sync.pair, source: try ProviderData.state(from: source.data, provider: source.provider),
            sourceSide: Verification.Side(account: source.account, provider: source.provider, digest: source.digest),
            target: try ProviderData.state(from: target.data, provider: target.provider),
            targetSide: Verification.Side(account: target.account, provider: target.provider, digest: target.digest),
            state: state)
        try await Verifier.addWitnesses(to: &result, source: sync.source.client, target: sync.target.client)
        return result
    }

    static func side(_ account: Account, _ header: SnapshotHeader) -> Verification.Side {
        Verification.Side(account: account.name, provider: account.provider, digest: header.digest)
    }

    /// `--since DATE`: a day (`2026-01-31`, midnight UTC) or an instant (`2026-01-31T12:00:00Z`).
    static func sinceOption(_ context: CommandContext) throws -> Instant? {
        guard let text = context.command.value("--since") else { return nil }
        if let instant = Instant(iso8601: text) ?? Instant(iso8601: text + "T00:00:00Z") { return instant }
        throw UsageError.invalidValue(
            option: "--since", value: text, expected: "a UTC date such as 2026-01-31 or 2026-01-31T12:00:00Z")
    }

    /// The verification in the format `--format` asks for.
    static func render(_ result: Verifier.Result, context: CommandContext) throws -> String {
        switch context.command.value("--format") ?? "text" {
        case "json":
            String(decoding: try VerificationRenderer.json(result.verification), as: UTF8.self) + "\n"
        case "markdown":
            VerificationRenderer.markdown(result.verification)
        case "html":
            VerificationRenderer.html(result)
        default:
            VerificationRenderer.text(
                result.verification, good: context.style.green, bad: context.style.red)
        }
    }
}
