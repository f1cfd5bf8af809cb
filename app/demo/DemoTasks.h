#pragma once
// The demo month's task mix: per task a share of calls, token ranges, the share sent to gpt-4o-mini, and prompt
// templates. `{s}` takes a subject from the task's list, `{n}` a number from its range: a few templates and
// subjects make a head of popular prompts (exact repeats); numbers make near-repeats ("order 1234"/"order 1235").
#include <cstdint>
#include <span>

namespace costdash::demo {

struct TaskSpec {
    const char* name;
    int share;              // per mille of all calls
    std::int64_t inputLo, inputHi;
    std::int64_t outputLo, outputHi;
    int miniShare;          // per mille of this task's calls on gpt-4o-mini
    std::span<const char* const> templates;
    std::span<const char* const> subjects;
    std::int64_t numberLo, numberHi;
    int uniqueShare;        // per mille of prompts carrying a one-off reference (user content): never repeated
};

std::span<const TaskSpec> demoTasks();

// Swap pairs for negation variants ("turn on"/"turn off") and word pairs for one-word changes.
std::span<const char* const[2]> negationPairs();
std::span<const char* const[2]> synonymPairs();

} // namespace costdash::demo
