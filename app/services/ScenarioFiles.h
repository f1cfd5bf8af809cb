#pragma once
// The one place the window reads and writes scenario files: the bundled presets, a user's files, the name Save as
// proposes. The files are the JSON of resources/scenarios/ (whatif::toJson), so a saved file loads back equal.
#include "pricing/PriceCatalog.h"
#include "whatif/Scenario.h"

#include <QList>
#include <QString>
#include <optional>

namespace costdash::services {

struct ScenarioPreset {
    QString path; // ":/scenarios/<file>.json"
    QString name; // the scenario's own name
};

// The presets bundled as resources, by file name.
const QList<ScenarioPreset>& bundledPresets();
bool isBundledPreset(const QString& path);

// nullopt and *error ("<file name>: <reason>", one sentence) when the file cannot be read or does not validate.
std::optional<whatif::Scenario> readScenarioFile(const QString& path, const pricing::PriceCatalog& catalog,
                                                 QString* error);
// Writes whole or not at all (a temporary file renamed over `path`); false and *error otherwise.
bool writeScenarioFile(const QString& path, const whatif::Scenario& scenario, QString* error);

// `path` ending in ".json" (added when missing, whatever the case of an existing suffix).
QString withJsonSuffix(const QString& path);
// A file name for `name` in `dir` that names no existing file: "Tiered router + 24 h" -> "tiered-router-24-h.json",
// then "…-2.json" and on when taken.
QString proposedFileName(const QString& name, const QString& dir);

} // namespace costdash::services
