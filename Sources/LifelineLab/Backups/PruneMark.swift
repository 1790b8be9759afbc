/// What pruning decides for one backup, as `pvesm prune-backups --dry-run` prints it.
enum PruneMark: String, Sendable {
  case keep
  case remove
  case protected
}
