// Running one remediation fix with bash: in a private mount namespace over an overlay of the
// target root (the overlay's upper layers list exactly what the fix writes), or for real, in
// place on "/" or chrooted into an offline root with /proc, /sys and /dev read-only.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "harden/file_state.hpp"

namespace patchplan::harden {

struct FixRunOptions {
  std::string root = "/";                      // "/" or an absolute directory
  std::chrono::milliseconds timeout{300'000};  // then the fix's process group is killed
  std::size_t max_output = 16 * 1024;          // bytes of stdout+stderr kept
};

// How one run of a fix ended.
struct FixOutcome {
  int exit_code = -1;  // bash's exit status; -1 when killed by a signal or timed out
  int signal = 0;      // the signal that ended bash, if any
  bool timed_out = false;
  std::string output;  // stdout and stderr interleaved, cut at max_output
  bool output_cut = false;

  [[nodiscard]] bool succeeded() const { return exit_code == 0 && !timed_out; }
};

// A path that the trial wrote: changed or created (a file, directory or symlink in the
// upper layer), deleted (a whiteout), or a directory replaced whole (opaque).
struct TrialChange {
  std::string path;  // absolute, inside the root
  bool deleted = false;
  bool opaque = false;
  std::string sha256;  // of the trial's content, for a regular file
};

// A fix run in a throwaway overlay of the root, kept until destroyed so that what the fix
// left can be read back: separate mounts below the root get overlays of their own, a mounted
// file is bound read-only, /proc, /sys and /dev are bound read-only so runtime writes fail
// there. The script is passed to bash -c; no other command line is built.
class OverlayRun {
 public:
  // Runs `script` and waits for it. Errors: the namespace or a mount cannot be set up (naming
  // it), a root path that overlayfs cannot take, a script longer than kMaxScriptBytes.
  static Expected<OverlayRun> run(const std::string& script, const FixRunOptions& options);

  OverlayRun(OverlayRun&&) noexcept;
  OverlayRun& operator=(OverlayRun&&) noexcept;
  ~OverlayRun();

  [[nodiscard]] const FixOutcome& outcome() const;

  // What the fix wrote, sorted by path; empty when it timed out.
  [[nodiscard]] const std::vector<TrialChange>& changes() const;

  // What the fix left at absolute `path`, read from the upper layer that holds it: absent
  // where it deleted the path or replaced a directory above it. kInvalidInput for a special
  // file the fix made (nothing to carry over) or a regular file over `max_bytes`.
  [[nodiscard]] Expected<FileState> state(std::string_view path, std::size_t max_bytes) const;

 private:
  struct State;
  explicit OverlayRun(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Runs `script` for real: in place on "/", or for another root in a private mount namespace
// chrooted into it with the machine's /proc, /sys and /dev bound read-only (where the root has
// those directories), so a fix never changes the machine's runtime settings for an offline
// root. Errors: the process or the namespace cannot be set up.
Expected<FixOutcome> run_fix(const std::string& script, const FixRunOptions& options);

// The longest script passed to bash -c (Linux's MAX_ARG_STRLEN is 128 KiB).
inline constexpr std::size_t kMaxScriptBytes = 120 * 1024;

}  // namespace patchplan::harden
