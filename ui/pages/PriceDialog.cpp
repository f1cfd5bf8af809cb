#include "pages/PriceDialog.h"

#include "Palette.h"
#include "pages/PricesModel.h"
#include "pricing/PriceEdits.h"

#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace costdash::ui {
namespace {

// The price as the user would type it: "2.5" for $2.50 (no "$", no grouping).
QString priceText(std::optional<money::MicrosPerMillion> micros)
{
    return micros ? formatPrice(*micros).remove(u'$').remove(u',') : QString();
}

QString fieldLabel(const QString& field)
{
    if (field == u"model")
        return QObject::tr("Model");
    if (field == u"price")
        return QObject::tr("Prices");
    if (field == u"cache-write")
        return QObject::tr("Cache-write price");
    return field.left(1).toUpper() + field.mid(1) + QObject::tr(" price");
}

} // namespace

PriceDialog::PriceDialog(const pricing::PriceCatalog& catalog, const pricing::PriceEntry& start, QWidget* parent)
    : QDialog(parent)
    , m_catalog(catalog)
{
    setObjectName(QStringLiteral("priceDialog"));
    setWindowTitle(start.model.isEmpty() ? tr("Add a price") : tr("Price of %1").arg(start.model));
    const bool known = start.effectiveFrom != 0 || start.price.input != 0;
    m_model = field(QStringLiteral("priceModel"), start.model, tr("The model as logged, or its catalog id."));
    m_provider = field(QStringLiteral("priceProvider"), start.provider, tr("Empty: the catalog's, if it knows the model."));
    m_from = new QDateEdit(this);
    m_from->setObjectName(QStringLiteral("priceFrom"));
    m_from->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_from->setDate(known ? QDateTime::fromMSecsSinceEpoch(start.effectiveFrom, Qt::UTC).date()
                          : QDate::fromString(QString::fromLatin1(pricing::kDefaultPriceFrom), Qt::ISODate));
    m_from->setToolTip(tr("The day (UTC) the price applies from, until the model's next dated price."));
    const QString perMillion = tr("USD per 1M tokens, an exact decimal such as 2.50.");
    m_input = field(QStringLiteral("priceInput"), known ? priceText(start.price.input) : QString(), perMillion);
    m_output = field(QStringLiteral("priceOutput"), known ? priceText(start.price.output) : QString(), perMillion);
    m_cached = field(QStringLiteral("priceCached"), priceText(start.price.cachedInput),
                     tr("Empty: cached input is billed at the input price."));
    m_cacheWrite = field(QStringLiteral("priceCacheWrite"), priceText(start.price.cacheWrite),
                         tr("Empty: cache writes are billed at the input price."));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("priceProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: %1;").arg(palette::onWindow(palette::kBad)));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PriceDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PriceDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Model"), m_model);
    form->addRow(tr("Provider"), m_provider);
    form->addRow(tr("From"), m_from);
    form->addRow(tr("Input (USD / 1M)"), m_input);
    form->addRow(tr("Output (USD / 1M)"), m_output);
    form->addRow(tr("Cached input"), m_cached);
    form->addRow(tr("Cache write"), m_cacheWrite);
    form->addRow(m_problem);
    form->addRow(buttons);
}

QLineEdit* PriceDialog::field(const QString& name, const QString& text, const QString& tip)
{
    auto* edit = new QLineEdit(text, this);
    edit->setObjectName(name);
    edit->setToolTip(tip);
    return edit;
}

QString PriceDialog::problem() const
{
    return m_problem->text();
}

void PriceDialog::accept()
{
    const pricing::PriceText text{m_model->text(), m_input->text(), m_output->text(), m_cached->text(),
                                  m_cacheWrite->text(), m_provider->text(),
                                  QDateTime(m_from->date(), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch()};
    pricing::PriceProblem problem;
    m_entry = pricing::entryFromText(text, m_catalog, tr("set in the Prices page"), &problem);
    if (!m_entry) {
        m_problem->setText(tr("%1: %2.").arg(fieldLabel(problem.field), problem.why));
        return;
    }
    QDialog::accept();
}

} // namespace costdash::ui
