// scripts/build-static rewrites this file for a release build and restores it afterwards.
/// The commit a release build was made from; empty in a development build.
enum BuildCommit {
    static let hash = ""
}
