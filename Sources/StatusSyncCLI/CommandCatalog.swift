/// Every command statussync has, with its arguments, options and help.
///
/// This table is the single source of the parser's rules and of the help text.
package enum CommandCatalog {
    /// The commands in the order the main help lists them.
    package static let all: [CommandSpec] = [
        demo, snapshot, plan, show, apply, sync, serve, verify, emulate, mappingCheck, stateShow, stateRepair,
        initialize, configCheck, completion,
    ]

    /// Commands the parser knows but the help, the man page and completions leave out: what a completion
    /// script calls back.
    package static let hidden: [CommandSpec] = [completeNames]

    /// Commands that only group subcommands, with the subcommands they hold.
    package static let groups: [String: [String]] = [
        "mapping": ["check"], "state": ["show", "repair"], "config": ["check"],
    ]

    /// The command whose words are `words`, if any.
    package static func command(_ words: [String]) -> CommandSpec? {
        (all + hidden).first { $0.words == words }
    }

    static let pairArgument = ArgumentSpec("PAIR", help: "a pair defined in the configuration, e.g. migrate")
    /// `--format text|json`, for commands whose report has a versioned JSON form.
    static let textOrJSON = OptionSpec(
        "--format", .choice(["text", "json"]), help: "output format (default: text); json is versioned (formatVersion)")
    static let planBehaviour: [OptionSpec] = [
        OptionSpec("--strict", .flag, help: "treat every warning (a lossy conversion) as an error"),
        OptionSpec("--prune", .flag, help: "delete target entities this tool created or adopted that left the source"),
        OptionSpec("--force", .flag, help: "allow deletes above the safety threshold (30% of a kind, once it has 10)"),
    ]

    /// `--max-wait DURATION`, for the commands that call the providers and may wait on their limits.
    static let maxWaitOption = OptionSpec(
        "--max-wait", .duration,
        help: "give up (exit 1, nothing lost) rather than wait longer than this for a rate limit or a retry")

    static let fullOption = OptionSpec(
        "--full", .flag, help: "list every change in the text plan (by default creates are summarised above 40 a kind)")

    static let demo = CommandSpec(
        ["demo"],
        summary: "Migrate an example account between two built-in emulators, end to end",
        discussion: """
            Starts a Freshstatus and a StatusHub emulator in this process on free loopback ports, seeded
            from the examples, migrates Freshstatus to StatusHub with progress, prints the plan and the
            result, then plans again to show that nothing is left to do. Needs no configuration and no
            network; nothing outside a temporary directory is written.
            """,
        examples: ["statussync demo"]
    )

    static let snapshot = CommandSpec(
        ["snapshot"],
        summary: "Fetch every entity of one account into the store",
        discussion: """
            Reads groups, services, incident phases, incidents with their updates, maintenances and
            templates, and stores them as the provider's own JSON in a versioned snapshot. Prints the
            entities per kind, the API calls used and the time taken. When an earlier snapshot exists,
            incidents whose updated_at has not changed are not fetched again in detail.
            """,
        arguments: [ArgumentSpec("ACCOUNT", help: "an account defined in the configuration, e.g. old")],
        options: [
            OptionSpec("--full", .flag, help: "fetch every incident in detail, ignoring the previous snapshot"),
            textOrJSON,
        ],
        examples: ["statussync snapshot old", "statussync snapshot new --verbose"]
    )

    static let plan = CommandSpec(
        ["plan"],
        summary: "Show what an apply would change, without writing",
        discussion: """
            Snapshots both accounts of the pair (or, with --offline, reads their latest stored snapshots),
            maps the source through the pair's mapping file, compares the result with the target and the
            stored links, and prints the ordered plan with the API calls and time the apply will take.
            """,
        arguments: [pairArgument],
        options: [
            OptionSpec("--offline", .flag, help: "use the latest stored snapshots; make no network call"),
            OptionSpec(
                "--format", .choice(["text", "json", "markdown", "html"]), help: "output format (default: text)"),
            OptionSpec("--out", .value("FILE"), help: "also save the plan as JSON, for 'apply --plan FILE'"),
            fullOption,
            OptionSpec("--detailed-exitcode", .flag, help: "exit 2 when there are changes, 0 when there are none"),
            maxWaitOption,
        ] + planBehaviour,
        examples: [
            "statussync plan migrate", "statussync plan migrate --offline --format markdown",
            "statussync plan migrate --out plan.json --detailed-exitcode",
        ]
    )

    static let show = CommandSpec(
        ["show"],
        summary: "Render a saved plan, without fetching or planning again",
        discussion: """
            Reads a plan saved by 'plan --out FILE' and prints it as text, Markdown or HTML, exactly as
            'plan' would have: a CI job can save plan.json and reviewers render it where they are. Reads
            no configuration and makes no network call; a file that is not a statussync plan is one line
            and exit 1.
            """,
        arguments: [ArgumentSpec("FILE", help: "a plan saved by 'statussync plan PAIR --out FILE'")],
        options: [
            OptionSpec("--format", .choice(["text", "markdown", "html"]), help: "output format (default: text)")
        ],
        examples: ["statussync show plan.json", "statussync show plan.json --format markdown > plan.md"]
    )

    static let apply = CommandSpec(
        ["apply"],
        summary: "Plan, confirm and apply the changes, exactly once",
        discussion: """
            Plans as 'plan' does, shows the plan, asks for confirmation and applies it at the providers'
            rate limits. Every write is journaled before it is sent; a run that is interrupted resumes
            without duplicates. SIGINT or SIGTERM (during a write or a wait) finish the writes in flight,
            save and exit 0, saying how far the run got. Without a terminal, --yes is required. With --plan FILE, applies a saved
            plan and refuses it if either account changed since the plan was made.
            """,
        arguments: [pairArgument],
        options: [
            OptionSpec("--yes", alias: "-y", .flag, help: "apply without asking for confirmation"),
            OptionSpec("--plan", .value("FILE"), help: "apply a plan saved by 'plan --out FILE'"), fullOption,
            maxWaitOption,
        ] + planBehaviour,
        examples: ["statussync apply migrate", "statussync apply migrate --plan plan.json --yes"]
    )

    static let sync = CommandSpec(
        ["sync"],
        summary: "Plan and apply without prompting, for schedulers",
        discussion: """
            For mirroring from cron, a systemd timer or a CI job: plans and applies without asking, and
            prints one summary line per cycle. A cycle with nothing to do makes no write. With --watch it
            repeats every --interval until stopped; SIGINT or SIGTERM finish the write in flight, save
            and exit 0. A wait longer than a few seconds (a rate limit, a Retry-After) is announced, and a
            signal ends it at once; --max-wait gives up on a longer one (exit 1), so a scheduled run never
            holds the pair past its next start.
            """,
        arguments: [pairArgument],
        options: [
            OptionSpec("--watch", .flag, help: "repeat until stopped"),
            OptionSpec("--interval", .duration, help: "time between cycles with --watch (default: 5m)"),
            OptionSpec(
                "--format", .choice(["text", "json"]),
                help: "cycle lines as text (default) or one JSON object per line (formatVersion)"),
            maxWaitOption,
        ] + planBehaviour,
        examples: ["statussync sync mirror", "statussync sync mirror --watch --interval 5m"]
    )

    static let serve = CommandSpec(
        ["serve"],
        summary: "Mirror pairs continuously, on webhooks and timers, with health checks and metrics",
        discussion: """
            One process mirrors one or more pairs (default: all). Each pair has a worker that runs the
            sync cycle when triggered, never two at once; triggers that arrive during a cycle make one
            more cycle after it. A pair with a Freshstatus source is reconciled every --reconcile,
            lightly: groups, services, maintenances, and the incident list only as far as the last
            week's incidents, plus the open ones one by one; and in full, every list read whole, at the
            start and every --full-reconcile. An edit to an older, resolved incident that no webhook
            carried waits for the next full reconcile. A webhook at POST /hooks/PAIR (token from the
            variable the pair's "webhook": {"tokenEnv"} names, as ?token= or an X-Statussync-Token
            header) syncs the incident or maintenance it names alone; a StatusHub source, which sends
            no webhooks, is polled every --poll, always in full. Calls against an hourly
            limit are recorded in the store, shared by every process on it. GET /healthz, /readyz and
            /metrics (Prometheus text) are for operators. SIGINT or SIGTERM stop listening, finish the writes in flight, save and exit 0.
            """,
        options: [
            OptionSpec(
                "--listen", .value("HOST:PORT"),
                help: "address to listen on, [::1]:PORT for IPv6 (default: 127.0.0.1:8080)"),
            OptionSpec("--pair", .value("NAMES"), help: "pairs to serve, comma-separated or repeated (default: all)"),
            OptionSpec(
                "--reconcile", .duration, help: "time between reconciles of a Freshstatus source (default: 15m)"),
            OptionSpec(
                "--full-reconcile", .duration,
                help: "time between reconciles that read every incident, not only the recent ones (default: 6h)"),
            OptionSpec("--poll", .duration, help: "time between cycles of a StatusHub source (default: 1m)"),
            OptionSpec("--log-format", .choice(["text", "json"]), help: "text lines, or one JSON object per line"),
        ] + planBehaviour,
        examples: [
            "statussync serve", "statussync serve --listen 0.0.0.0:8080 --pair mirror --log-format json",
        ]
    )

    static let emulate = CommandSpec(
        ["emulate"],
        summary: "Run a provider emulator on loopback, to rehearse against",
        discussion: """
            Serves the Freshstatus v1 or StatusHub v3 API on 127.0.0.1 as the providers' contract
            describes it: authentication, paging, validation, errors and rate limits, with optional
            faults. Prints the base URL and the credentials to use, then serves until SIGINT or SIGTERM.
            """,
        arguments: [ArgumentSpec("PROVIDER", help: "freshstatus or statushub")],
        options: [
            OptionSpec("--port", .integer("PORT", 0...65_535), help: "port to listen on (default: 0, any free port)"),
            OptionSpec("--data", .value("FILE"), help: "seed: the provider's JSON, or a statussync snapshot"),
            OptionSpec("--state", .value("FILE"), help: "keep the emulator's state in FILE across restarts"),
            OptionSpec(
                "--webhook", .value("URL"),
                help: "Freshstatus: post the webhook Freshstatus would send after each change to URL"),
            OptionSpec("--latency", .integer("MS", 0...60_000), help: "milliseconds added before every answer"),
            OptionSpec("--fail-rate", .probability, help: "share of requests answered 500 before any change"),
            OptionSpec("--lose-responses", .probability, help: "share of writes committed, then left unanswered"),
            OptionSpec("--throttle-rate", .probability, help: "share of requests answered with a spurious 429"),
            OptionSpec(
                "--rate-limit", .value("SPEC"),
                help: "off, N/h (Freshstatus), or reads=N/s,writes=N/s (StatusHub)"),
            OptionSpec("--paging", .choice(["meta", "link", "none"]), help: "StatusHub paging style (default: meta)"),
            OptionSpec("--page-size", .integer("N", 1...1000), help: "Freshstatus page size, StatusHub per_page cap"),
            OptionSpec("--fault-seed", .integer("N", 0...Int.max), help: "seed for the fault injection (default: 1)"),
        ],
        examples: [
            "statussync emulate freshstatus --data examples/freshstatus-seed.json --port 8081",
            "statussync emulate statushub --lose-responses 0.05 --latency 150",
        ]
    )

    static let mappingCheck = CommandSpec(
        ["mapping", "check"],
        summary: "Validate a mapping file and list every problem",
        discussion: """
            Reads a mapping file and reports every problem at once, each with its JSON path: unknown
            keys, maps that do not cover every value, values outside the target's vocabulary and an
            unsupported version. Exits 0 when the file is valid, 1 otherwise.
            """,
        arguments: [ArgumentSpec("FILE", help: "the mapping file, e.g. mappings/freshstatus-to-statushub.json")],
        options: [textOrJSON],
        examples: ["statussync mapping check mappings/freshstatus-to-statushub.json"]
    )

    static let stateShow = CommandSpec(
        ["state", "show"],
        summary: "List the links between source and target entities of a pair",
        discussion: """
            Prints each link the pair's state holds: the kind, the source key and the target id with the
            entities' names from the latest stored snapshots, where the link came from and when it was last
            written. Sorted by kind, then numerically by source id.
            """,
        arguments: [pairArgument],
        options: [textOrJSON],
        examples: ["statussync state show migrate", "statussync state show migrate --format json"]
    )

    static let stateRepair = CommandSpec(
        ["state", "repair"],
        summary: "Recover a pair whose journal has unreadable lines, losing nothing",
        discussion: """
            Reads every readable line of the pair's journal: results become links, creates that were
            never answered stay in doubt. The journal's bytes are kept beside it, and because an
            unreadable line may have been a create, the next apply adopts every unlinked target entity
            by its natural key (whatever the mapping's matching says) before creating anything.
            Run it when a command says the journal has a line that is not a journal entry.
            """,
        arguments: [pairArgument],
        examples: ["statussync state repair migrate"]
    )

    static let verify = CommandSpec(
        ["verify"],
        summary: "Prove that the target says what the source said",
        discussion: """
            Snapshots both accounts (or, with --offline, reads their latest stored snapshots), maps the
            source through the pair's mapping and links, and compares entity by entity: counts per kind,
            every linked field, every incident timeline update by update, every maintenance, and what is
            missing from or extra in the target. Downtime per service, group and page is computed from
            each side's own timeline by StatusHub's uptime rules; where a side is StatusHub its uptime
            endpoint is read as a witness. What the mapping declares lossy is listed as expected.
            Exits 0 when the target is faithful, 2 when it differs, 1 on an error.
            """,
        arguments: [pairArgument],
        options: [
            OptionSpec("--offline", .flag, help: "use the latest stored snapshots; make no network call"),
            OptionSpec("--since", .value("DATE"), help: "compare only events since DATE (UTC, e.g. 2026-01-31)"),
            OptionSpec(
                "--format", .choice(["text", "json", "markdown", "html"]), help: "output format (default: text)"),
            OptionSpec("--out", .value("FILE"), help: "write the report to FILE and print only its summary line"),
        ],
        examples: [
            "statussync verify migrate", "statussync verify migrate --offline --format markdown",
            "statussync verify migrate --format html --out verify.html",
        ]
    )
}
