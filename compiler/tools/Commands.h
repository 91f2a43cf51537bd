// The subcommands of the `dlc` tool. Each takes its own arguments (after
// the subcommand name) and returns the process exit status: 0 on success,
// 1 on a user error (reported as one line on stderr), 2 on an internal one.
#pragma once

#include <string>
#include <vector>

namespace dlc::tools {

using Args = std::vector<std::string>;

int compileCommand(const Args &args);
int runCommand(const Args &args);
int convertCommand(const Args &args);
int initCommand(const Args &args);
int trainCommand(const Args &args);

// Prints `error: message` on stderr and returns 1.
int usageError(const std::string &message);
// The value of the option at args[i]: the next argument, which `i` then
// points at; false when there is none.
bool nextValue(const Args &args, size_t &i, std::string &value);
// Parses a non-negative integer option value; false on junk or overflow.
bool parseCount(const std::string &text, int64_t &value);

} // namespace dlc::tools
