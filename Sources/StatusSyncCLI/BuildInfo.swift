/// The version of this build and the commit it was built from: the one place both are defined.
///
/// The version is written here by hand when a release is cut; `scripts/build-static` (used by
/// `scripts/release` and the `Dockerfile`) stamps the commit into ``BuildCommit`` for the length
/// of the build. A plain `swift build` knows no commit and says so by leaving it out.
package enum BuildInfo {
    /// The version, such as `0.1.0`: `--version`, the man page, the release tarball and the image tag.
    package static let version = "0.1.0"

    /// The commit the binary was built from (an abbreviated hash), when the build knew it.
    package static let commit: String? = BuildCommit.hash.isEmpty ? nil : BuildCommit.hash

    /// What `--version` prints: `statussync 0.1.0`, or `statussync 0.1.0 (commit 1a2b3c4)`.
    package static var versionLine: String {
        "statussync \(version)" + (commit.map { " (commit \($0))" } ?? "")
    }
}
