// The table of patchplan's commands.
#include "cli/command_table.hpp"

#include <array>

#include "cli/commands/commands.hpp"

namespace patchplan::cli {

std::span<const Command> commands() {
  static const std::array<Command, 10> table = {{
      {"assess", "Show this host's pending updates, prioritised, and store a snapshot",
       setup_assess_command},
      {"inventory", "Show what the host is and has installed", setup_inventory_command},
      {"version", "Version tools (compare)", setup_version_command},
      {"journal", "List or verify the change journal", setup_journal_command},
      {"feeds", "Import, download and show vulnerability feeds", setup_feeds_command},
      {"harden", "Evaluate a SCAP Security Guide profile (oscap's verdicts, natively)",
       setup_harden_command},
      {"deploy", "Carry out a change request: pre-checks, rings, health gates, rollback",
       setup_deploy_command},
      {"rollback", "Return the hosts of a change to its checkpoint", setup_rollback_command},
      {"plan", "Make, show, diff and approve the dated patching plan", setup_plan_command},
      {"policy", "Show the effective patching policy, or the commented default",
       setup_policy_command},
  }};
  return table;
}

}  // namespace patchplan::cli
