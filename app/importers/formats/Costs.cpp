// OpenAI spend (FORMATS.md 1): the usage dashboard's Cost CSV and the Costs API's results
// (organization.costs.result, flattened per result with its bucket's times by JsonDocumentSource). A row is a
// line item's spend for a day: an amount, no request count, no tokens. Each is stored as a spend row (an
// aggregate of unknown requests): its amount counts in every total, it counts as 0 calls, and the what-if replay
// leaves it out. The raw line item is kept as the row's tag; the model is its part before the token-class label.
#include "importers/SpecMapper.h"

namespace costdash::importers {
namespace {

FormatSpec openAiCostsSpec()
{
    FormatSpec spec{QStringLiteral("openai-costs"),
                    QStringLiteral("OpenAI Costs API results and the usage dashboard's Cost CSV (spend rows)"),
                    {{"amount_value", "amount.value"}, {"line_item"}, {"start_time"}}, {}, QStringLiteral("openai")};
    QList<Source>& s = spec.sources;
    s << Source{Field::Timestamp, "start_time"};
    // The result's object after the line item: an ungrouped Costs API result (line_item null) still maps, and
    // adjust() names its model.
    s << Source{Field::Model, "line_item"} << Source{Field::Model, "object"};
    s << Source{Field::Cost, "amount_value", Unit::Usd} << Source{Field::Cost, "amount.value", Unit::Usd};
    s << Source{Field::Raw, "amount_currency"} << Source{Field::Raw, "amount.currency"};
    s << Source{Field::TaskType, "project_id"};
    return spec;
}

// "gpt-4o-2024-08-06, cached input" -> "gpt-4o-2024-08-06": the part before the last ", " when it reads as a model
// id (no space), whatever the label after it ("input", "batch output", a label yet unknown). A line item that is
// no model ("web search tool calls", "file search storage") is kept whole.
QByteArrayView modelOfLineItem(QByteArrayView item)
{
    const qsizetype comma = item.lastIndexOf(QByteArrayView(", "));
    if (comma <= 0)
        return item;
    const QByteArrayView head = item.first(comma);
    return head.contains(' ') ? item : head;
}

class OpenAiCostsMapper final : public SpecMapper {
public:
    using SpecMapper::SpecMapper;

    // A day without spend: the export writes it with every cell but the times empty.
    bool isIdle(const SourceRow& row) const override
    {
        return !at(row, "line_item") && !first(row, Field::Cost) && !first(row, Field::TaskType)
            && !at(row, "amount_currency") && !at(row, "amount.currency");
    }

protected:
    bool adjust(const SourceRow& row, MapperState& state, CallRecord& out, bool&, QString& reason) const override
    {
        const FieldRef* currency = at(row, "amount_currency") ? at(row, "amount_currency") : at(row, "amount.currency");
        const QByteArrayView code = currency ? trimmedAscii(currency->bytes) : QByteArrayView();
        if (code.compare("usd", Qt::CaseInsensitive) != 0) {
            reason = code.isEmpty() ? QStringLiteral("amount_currency: empty (the amount's currency is unknown)")
                                    : QStringLiteral("amount_currency: \"%1\": costdash stores USD only")
                                          .arg(QString::fromUtf8(code.first(qMin<qsizetype>(code.size(), 10))));
            return false;
        }
        if (!out.loggedCost) {
            reason = QStringLiteral("amount_value: empty (a line item without an amount)");
            return false;
        }
        const FieldRef* lineItem = at(row, "line_item");
        const QByteArrayView item = lineItem ? trimmedAscii(lineItem->bytes) : QByteArrayView();
        out.tag = state.names.intern(item);
        out.model = state.models.intern(item.isEmpty() ? QByteArrayView("(all line items)") : modelOfLineItem(item));
        out.aggregateRequests = 0; // a spend row: requests unknown, counted as none
        return true;
    }
};

} // namespace

COSTDASH_DEFINE_FORMAT(openAiCosts, OpenAiCostsMapper, openAiCostsSpec)

} // namespace costdash::importers
