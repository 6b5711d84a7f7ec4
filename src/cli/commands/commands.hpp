// The setup functions of each command, listed in the command table.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command_table.hpp"

namespace patchplan::cli {

Handler setup_assess_command(CLI::App& app);
Handler setup_inventory_command(CLI::App& app);
Handler setup_version_command(CLI::App& app);
Handler setup_journal_command(CLI::App& app);
Handler setup_feeds_command(CLI::App& app);
Handler setup_deploy_command(CLI::App& app);
Handler setup_rollback_command(CLI::App& app);
Handler setup_harden_command(CLI::App& app);
Handler setup_plan_command(CLI::App& app);
Handler setup_policy_command(CLI::App& app);

}  // namespace patchplan::cli
