extension SecretRedactor {
    /// Learns the key of every account of `configuration` that is set in `environment`, with the
    /// forms it is sent in.
    package func register(_ configuration: Configuration, environment: [String: String]) {
        for account in configuration.accounts.values {
            guard let key = try? account.apiKey(from: environment) else { continue }
            register(account.provider.definition.secretForms(apiKey: key, settings: account.settings))
        }
    }
}
