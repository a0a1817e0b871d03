import ArgumentParser

/// `kepedge certs`: show, export and (for tests and dev setups) generate certificates.
struct CertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs",
        abstract: "Show a CA certificate, export it for the Kepware host, or generate a dev/test chain.",
        discussion: """
            kepedge certs show /var/secrets/azure-iot-test-only.root.ca.cert.pem
            kepedge certs export /var/secrets/azure-iot-test-only.root.ca.cert.pem --out /tmp/for-kepware
            kepedge certs generate --hostname gw01 --out ./certs-gw01
            """,
        subcommands: [CertsShowCommand.self, CertsExportCommand.self, CertsGenerateCommand.self]
    )
}
