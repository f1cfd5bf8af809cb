#include "store/Dictionary.h"

#include "model/Hash.h"
#include "store/Sqlite.h"

namespace costdash::store::detail {

size_t qHash(const TextKey& key, size_t seed) noexcept
{
    return size_t(hashBytes(key.text.utf16(), std::size_t(key.text.size()) * 2)) ^ seed;
}

Dictionary::Dictionary(const char* table)
    : m_table(table)
{
}

bool Dictionary::load(sqlite3* db, QString* error)
{
    m_recent = {};
    m_ids.clear();
    m_names.clear();
    const QByteArray sql = "SELECT id, name FROM " + QByteArray(m_table) + " ORDER BY id";
    Statement s(db, sql.constData());
    if (!s.ok()) {
        *error = s.error();
        return false;
    }
    while (s.next()) {
        if (s.integer(0) != m_names.size() + 1) {
            *error = QStringLiteral("table %1 has non-dense ids").arg(QLatin1String(m_table));
            return false;
        }
        const QString name = s.text(1);
        m_names << name;
        m_ids.insert(TextKey{name}, std::int32_t(m_names.size()));
    }
    m_committed = m_names.size();
    return true;
}

std::int32_t Dictionary::add(const QString& name)
{
    m_names << name;
    const auto id = std::int32_t(m_names.size());
    m_ids.insert(TextKey{name}, id);
    return id;
}

void Dictionary::rollback()
{
    m_recent = {}; // may hold ids that go now
    for (qsizetype i = m_committed; i < m_names.size(); ++i)
        m_ids.remove(TextKey{m_names[i]});
    m_names.resize(m_committed);
}

} // namespace costdash::store::detail
