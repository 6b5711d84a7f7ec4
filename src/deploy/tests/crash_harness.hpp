// What the kill -9 trials share: the patchplan binary started in the background, a wait for
// a journal entry, and a kill of the binary alone or of it and everything it started.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace patchplan::deploy::testing {

// Starts `argv` (argv[0] a path) with stdin, stdout and stderr on /dev/null.
pid_t start_in_background(const std::vector<std::string>& argv);

// Entries of `action` in the journal of the store at `db_path` (0 while it cannot be read).
int journal_count(const std::string& db_path, const std::string& action);

// Waits until the journal has `occurrence` entries of `action`: true then; false when the
// process ended first or `timeout` passed.
bool wait_for_journal(pid_t pid, const std::string& db_path, const std::string& action,
                      int occurrence, std::chrono::seconds timeout);

// A child process that holds the frontend lock of the dpkg database under `root` (as
// another apt would: a lock of this process would be its own); kill it to release it.
pid_t hold_frontend_lock(const std::string& root);

// Stops `root` and, with `whole_tree`, every descendant (repeatedly, so that none forks
// away), then kills them all with SIGKILL, as a power cut would; reaps `root`.
void kill_tree(pid_t root, bool whole_tree);

}  // namespace patchplan::deploy::testing
