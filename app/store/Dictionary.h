#pragma once
// An in-memory mirror of one small text table (models, providers, tasks, tags, users): name -> id
// without a per-row SELECT. Ids are dense and assigned here (1, 2, ...); names added for a batch are written
// with it (Writer), then commit() records them as in the file, or rollback() forgets them.
#include <QHash>
#include <QString>
#include <QStringList>
#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <vector>

namespace costdash::store::detail {

// A dictionary key hashed with hashBytes (XXH3), faster than Qt's string hash on long names.
struct TextKey {
    QString text;
    friend bool operator==(const TextKey& a, const TextKey& b) { return a.text == b.text; }
};
size_t qHash(const TextKey& key, size_t seed = 0) noexcept;

class Dictionary {
public:
    explicit Dictionary(const char* table);

    bool load(sqlite3* db, QString* error);

    std::int32_t idOf(const QString& name)
    {
        // The import interns its names: a row's model is the same QString data as the rows' before, and a
        // pointer compare in a few slots saves hashing it (8 models, 9 task types: every row hits).
        Recent& recent = m_recent[(quintptr(name.constData()) >> 4) % m_recent.size()];
        if (recent.id != 0 && name.isSharedWith(recent.name) && name.size() == recent.name.size())
            return recent.id;
        const auto it = m_ids.constFind(TextKey{name});
        const std::int32_t id = it != m_ids.cend() ? *it : add(name);
        recent = Recent{name, id};
        return id;
    }
    const QStringList& names() const { return m_names; }
    qsizetype size() const { return m_names.size(); }
    qsizetype committedSize() const { return m_committed; }

    // Names [0, size) are in the file now.
    void commit(qsizetype size) { m_committed = size; }
    // Forgets the names not in the file.
    void rollback();

private:
    std::int32_t add(const QString& name);

    struct Recent {
        QString name; // holds the data, so no other text can take its address while it is here
        std::int32_t id = 0;
    };

    const char* m_table;
    std::array<Recent, 16> m_recent;
    QHash<TextKey, std::int32_t> m_ids;
    QStringList m_names;              // id - 1 -> name
    qsizetype m_committed = 0;        // names [0, m_committed) are in the file
};

} // namespace costdash::store::detail
