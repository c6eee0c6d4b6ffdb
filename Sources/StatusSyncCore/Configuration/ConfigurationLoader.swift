import Foundation

/// Reads and validates `statussync.json`.
///
/// Every rule is checked and every problem reported at once, each with its key path: unknown
/// keys, missing fields, wrong types, accounts that name the wrong provider's fields, pairs
/// that name unknown accounts, `http://` to a host that is not loopback.
package enum ConfigurationLoader {
    /// Reads and validates the configuration file at `path`.
    package static func load(path: String) throws(ConfigurationError) -> Configuration {
        let data: Data
        switch FileContents.read(path) {
        case .success(let contents): data = contents
        case .failure(let failure): throw .unreadable(path: path, reason: failure.reason)
        }
        var configuration = try parse(data, path: path)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        for (name, pair) in configuration.pairs where !pair.mapping.hasPrefix("/") {
            configuration.pairs[name]?.mapping = directory.appendingPathComponent(pair.mapping).standardizedFileURL.path
        }
        return configuration
    }

    /// Validates configuration JSON; `path` names the file in errors.
    ///
    /// Mapping paths are returned as written, not resolved.
    package static func parse(_ data: Data, path: String) throws(ConfigurationError) -> Configuration {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .malformed(path: path, reason: syntaxError(in: data) ?? jsonReason(error))
        }
        let validator = JSONValidator()
        guard let object = validator.object(root, at: "") else {
            throw .invalid(path: path, problems: validator.problems)
        }
        try VersionedFile(newest: Configuration.currentVersion).check(object) { found in
            ConfigurationError.unsupportedVersion(
                path: path, found: found, newestSupported: Configuration.currentVersion)
        }
        validator.rejectUnknownKeys(
            of: object, allowed: ["version", "store", "retention", "accounts", "pairs"], at: "")
        if let version = validator.integer("version", of: object, at: "", required: true), version < 1 {
            validator.report("version", "must be \(Configuration.currentVersion)")
        }
        let store = validator.string("store", of: object, at: "", required: false) ?? ".statussync"

        var accounts: [String: Account] = [:]
        if let value = validator.member("accounts", of: object, at: "", required: true),
            let members = validator.object(value, at: "accounts")
        {
            if members.isEmpty { validator.report("accounts", "must define at least one account") }
            for (name, value) in members.sorted(by: { $0.key < $1.key }) {
                checkName(name, at: JSONValidator.path("accounts", name), validator: validator)
                if let account = account(named: name, value, validator: validator) { accounts[name] = account }
            }
        }
        var pairs: [String: Pair] = [:]
        if let value = validator.member("pairs", of: object, at: "", required: false),
            let members = validator.object(value, at: "pairs")
        {
            for (name, value) in members.sorted(by: { $0.key < $1.key }) {
                checkName(name, at: JSONValidator.path("pairs", name), validator: validator)
                if let pair = pair(named: name, value, accounts: accounts, validator: validator) { pairs[name] = pair }
            }
        }
        let retention = snapshotRetention(in: object, validator: validator)
        guard validator.problems.isEmpty else { throw .invalid(path: path, problems: validator.problems) }
        var configuration = Configuration(store: store, accounts: accounts, pairs: pairs)
        configuration.snapshotRetention = retention
        return configuration
    }

    /// The optional `"retention": {"snapshots": N}`: how many snapshots per account the store keeps, at least 1.
    private static func snapshotRetention(in object: [String: JSONValue], validator: JSONValidator) -> Int {
        guard let value = validator.member("retention", of: object, at: "", required: false),
            let retention = validator.object(value, at: "retention")
        else { return Configuration.defaultSnapshotRetention }
        validator.rejectUnknownKeys(of: retention, allowed: ["snapshots"], at: "retention")
        guard let count = validator.integer("snapshots", of: retention, at: "retention", required: true) else {
            return Configuration.defaultSnapshotRetention
        }
        guard count >= 1 else {
            validator.report(JSONValidator.path("retention", "snapshots"), "must be at least 1")
            return Configuration.defaultSnapshotRetention
        }
        return count
    }

    /// Account and pair names become file names in the store, so they are kept to a safe alphabet.
    private static func checkName(_ name: String, at path: String, validator: JSONValidator) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        guard let first = name.first, first.isLetter || first.isNumber, name.allSatisfy(allowed.contains),
            name.count <= 64
        else {
            validator.report(
                path,
                "the name '\(name)' must start with a letter or digit and hold only letters, digits, '.', '_' and '-'")
            return
        }
    }

    // MARK: - Accounts

    private static let commonAccountKeys = [
        "provider", "apiKeyEnv", "baseURL", "rateLimit", "timeouts", "maxResponseBytes",
    ]

    private static func account(named name: String, _ value: JSONValue, validator: JSONValidator) -> Account? {
        let path = JSONValidator.path("accounts", name)
        guard let object = validator.object(value, at: path) else { return nil }
        guard let providerName = validator.string("provider", of: object, at: path, required: true) else { return nil }
        guard let provider = ProviderID(rawValue: providerName) else {
            let known = ProviderID.allCases.map(\.rawValue).joined(separator: ", ")
            validator.report(
                JSONValidator.path(path, "provider"), "unknown provider '\(providerName)' (known: \(known))")
            return nil
        }
        let apiKeyEnv = validator.string("apiKeyEnv", of: object, at: path, required: true)
        if let apiKeyEnv, !isEnvironmentVariableName(apiKeyEnv) {
            validator.report(
                JSONValidator.path(path, "apiKeyEnv"),
                "'\(apiKeyEnv)' is not an environment variable name; name the variable that holds the key, not the key")
        }
        let baseURL = baseURL(in: object, at: path, validator: validator)
        let rateLimit = rateLimit(in: object, at: path, provider: provider, validator: validator)
        var account = Account(name: name, provider: provider, apiKeyEnv: apiKeyEnv ?? "")
        account.baseURLOverride = baseURL
        account.rateLimit = rateLimit
        account.http = httpLimits(in: object, at: path, validator: validator)
        let definition = provider.definition
        validator.rejectUnknownKeys(of: object, allowed: commonAccountKeys + definition.settingKeys, at: path)
        account.settings = definition.readSettings(of: object, at: path, validator: validator)
        return account
    }

    private static func baseURL(in object: [String: JSONValue], at path: String, validator: JSONValidator) -> URL? {
        guard let text = validator.string("baseURL", of: object, at: path, required: false) else { return nil }
        let keyPath = JSONValidator.path(path, "baseURL")
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty
        else {
            validator.report(keyPath, "'\(text)' is not an absolute URL")
            return nil
        }
        guard url.user == nil, url.password == nil else {
            validator.report(keyPath, "must not contain credentials; the API key comes from apiKeyEnv")
            return nil
        }
        switch scheme {
        case "https": return url
        case "http" where isLoopback(host): return url
        case "http":
            validator.report(
                keyPath, "http:// is allowed only for loopback hosts (127.0.0.1, localhost, ::1); use https://")
        default:
            validator.report(keyPath, "unsupported scheme '\(scheme)'; use https://")
        }
        return nil
    }

    /// Whether `host` is a loopback address or name: 127.0.0.0/8, `localhost` or `::1`.
    package static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    private static func rateLimit(
        in object: [String: JSONValue], at path: String, provider: ProviderID, validator: JSONValidator
    ) -> RateLimitOverride? {
        guard let value = validator.member("rateLimit", of: object, at: path, required: false) else { return nil }
        let keyPath = JSONValidator.path(path, "rateLimit")
        guard let limits = validator.object(value, at: keyPath) else { return nil }
        let definition = provider.definition
        validator.rejectUnknownKeys(of: limits, allowed: definition.rateLimitKeys, at: keyPath)
        let override = definition.readRateLimit(limits, at: keyPath, validator: validator)
        return override
    }

    private static func httpLimits(
        in object: [String: JSONValue], at path: String, validator: JSONValidator
    ) -> HTTPLimits {
        var limits = HTTPLimits.standard
        if let bytes = validator.integer("maxResponseBytes", of: object, at: path, required: false) {
            if bytes >= 1024 {
                limits.maxResponseBytes = bytes
            } else {
                validator.report(JSONValidator.path(path, "maxResponseBytes"), "must be at least 1024")
            }
        }
        guard let value = validator.member("timeouts", of: object, at: path, required: false) else { return limits }
        let keyPath = JSONValidator.path(path, "timeouts")
        guard let timeouts = validator.object(value, at: keyPath) else { return limits }
        validator.rejectUnknownKeys(of: timeouts, allowed: ["read", "write", "total"], at: keyPath)
        func duration(_ key: String) -> Duration? {
            guard let text = validator.string(key, of: timeouts, at: keyPath, required: false) else { return nil }
            guard let duration = DurationParser.parse(text) else {
                validator.report(
                    JSONValidator.path(keyPath, key), "'\(text)' is not a duration such as \"500ms\", \"8s\" or \"2m\"")
                return nil
            }
            return duration
        }
        limits.readTimeout = duration("read") ?? limits.readTimeout
        limits.writeTimeout = duration("write") ?? limits.writeTimeout
        limits.totalTimeout = duration("total") ?? limits.totalTimeout
        return limits
    }

    private static func isEnvironmentVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
        }
    }

    // MARK: - Pairs

    private static func pair(
        named name: String, _ value: JSONValue, accounts: [String: Account], validator: JSONValidator
    ) -> Pair? {
        let path = JSONValidator.path("pairs", name)
        guard let object = validator.object(value, at: path) else { return nil }
        validator.rejectUnknownKeys(
            of: object, allowed: ["source", "target", "mapping", "webhook", "timeouts"], at: path)
        let source = validator.string("source", of: object, at: path, required: true)
        let target = validator.string("target", of: object, at: path, required: true)
        let mapping = validator.string("mapping", of: object, at: path, required: true)
        for (key, account) in [("source", source), ("target", target)] {
            if let account, accounts[account] == nil {
                validator.report(JSONValidator.path(path, key), "no account named '\(account)'")
            }
        }
        if let source, let target, source == target {
            validator.report(path, "source and target are the same account '\(source)'")
        }
        let webhook = pairWebhook(of: object, at: path, validator: validator)
        let runTimeout = pairRunTimeout(of: object, at: path, validator: validator)
        guard let source, let target, let mapping else { return nil }
        var pair = Pair(name: name, source: source, target: target, mapping: mapping, webhook: webhook)
        pair.runTimeout = runTimeout
        return pair
    }

    /// The pair's optional `"timeouts": {"run": "30m"}`: the longest one run of the pair may take.
    private static func pairRunTimeout(
        of object: [String: JSONValue], at path: String, validator: JSONValidator
    ) -> Duration? {
        guard let value = validator.member("timeouts", of: object, at: path, required: false) else { return nil }
        let keyPath = JSONValidator.path(path, "timeouts")
        guard let timeouts = validator.object(value, at: keyPath) else { return nil }
        validator.rejectUnknownKeys(of: timeouts, allowed: ["run"], at: keyPath)
        guard let text = validator.string("run", of: timeouts, at: keyPath, required: true) else { return nil }
        guard let duration = DurationParser.parse(text), duration > .zero else {
            validator.report(
                JSONValidator.path(keyPath, "run"), "'\(text)' is not a duration such as \"90s\", \"30m\" or \"2h\"")
            return nil
        }
        return duration
    }

    /// The pair's optional `"webhook": {"tokenEnv": "NAME"}`.
    private static func pairWebhook(
        of object: [String: JSONValue], at path: String, validator: JSONValidator
    ) -> Pair.Webhook? {
        guard let value = validator.member("webhook", of: object, at: path, required: false) else { return nil }
        let webhookPath = JSONValidator.path(path, "webhook")
        guard let webhook = validator.object(value, at: webhookPath) else { return nil }
        validator.rejectUnknownKeys(of: webhook, allowed: ["tokenEnv"], at: webhookPath)
        guard let variable = validator.string("tokenEnv", of: webhook, at: webhookPath, required: true) else {
            return nil
        }
        guard isEnvironmentVariableName(variable) else {
            validator.report(
                JSONValidator.path(webhookPath, "tokenEnv"),
                "'\(variable)' is not an environment variable name; name the variable that holds the token, not the token"
            )
            return nil
        }
        return Pair.Webhook(tokenEnvironmentVariable: variable)
    }

    /// Where `data` stops being JSON, `line L, column C: what is wrong`, or `nil` when it is JSON.
    package static func syntaxError(in data: Data) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
            guard let marker = text.range(of: " around character "),
                let offset = Int(text[marker.upperBound...].prefix { $0.isNumber })
            else {
                guard text.localizedCaseInsensitiveContains("end of file") else { return text.isEmpty ? nil : text }
                let lines = data.count { $0 == UInt8(ascii: "\n") } + (data.last == UInt8(ascii: "\n") ? 0 : 1)
                return "line \(lines), at the end: the file ends before the JSON does (a missing } or ])"
            }
            let before = data.prefix(min(max(offset, 0), data.count))
            let line = before.count { $0 == UInt8(ascii: "\n") } + 1
            let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? before.startIndex
            let column = String(decoding: before[lineStart...], as: UTF8.self).count + 1
            let what = text[..<marker.lowerBound]
            return "line \(line), column \(column): \(what.prefix(1).lowercased() + what.dropFirst())"
        }
    }

    /// A one-line reason from a JSON decoding error, without Swift type names: what is wrong and where.
    package static func jsonReason(_ error: any Error) -> String { JSONValidator.reason(for: error) }
}
