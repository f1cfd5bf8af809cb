#include "demo/DemoTasks.h"

namespace costdash::demo {
namespace {

constexpr const char* kChat[] = {
    "Turn on the alarm for 7:30 tomorrow and remind me about {s}",
    "What is a good way to explain {s} to a new colleague?",
    "Write a friendly reply to a customer asking about {s}",
    "Can you suggest three names for a project about {s}?",
    "What is the status of order {n}?",
    "Is the {s} feature available on the free plan?",
};
constexpr const char* kChatSubjects[] = {"the quarterly report", "password resets", "the refund policy",
    "shipping delays", "our onboarding checklist", "the new pricing page", "team offsites", "API rate limits"};

constexpr const char* kClassification[] = {
    "Classify the sentiment of this review as positive, negative or neutral: \"{s}\"",
    "Label this support ticket with one category (billing, bug, feature, other): {s}",
    "Is this email spam? Answer yes or no. Subject: {s}",
};
constexpr const char* kClassificationSubjects[] = {"The product works great, fast delivery",
    "I was charged twice this month", "Your invoice #{n} is overdue", "App crashes when I upload a photo",
    "Please add dark mode", "Terrible support, still waiting", "Win a free cruise now", "Meeting notes attached"};

constexpr const char* kExtraction[] = {
    "Extract the invoice number, date, total and vendor from this invoice as JSON: {s} invoice {n}",
    "Pull every person and company named in this contract clause into a JSON list: {s}",
    "From the email below, extract the order id ({n}), the delivery address and the requested date. {s}",
};
constexpr const char* kExtractionSubjects[] = {"ACME Corp", "Globex GmbH", "Initech supplies", "Umbrella Health",
    "Stark logistics", "Wayne Industries"};

constexpr const char* kSummarization[] = {
    "Summarize the following meeting transcript in five bullet points: {s}",
    "Write a short summary (max 80 words) of this article about {s}",
    "Summarize customer feedback from week {n} about {s}",
};
constexpr const char* kSummarizationSubjects[] = {"the product roadmap", "the hiring plan", "cloud costs",
    "the security incident", "churn in the EU market", "the mobile app release"};

constexpr const char* kTranslation[] = {
    "Translate into German: \"{s}\"",
    "Translate into French, keep the tone formal: \"{s}\"",
    "Translate into Spanish: \"{s}\"",
    "Translate into Japanese: \"{s}\"",
};
constexpr const char* kTranslationSubjects[] = {"Your order has shipped and will arrive in {n} days.",
    "Thank you for contacting support.", "The meeting is moved to Thursday.",
    "Please reset your password using the link below.", "We do not ship to your country yet.",
    "Your subscription renews on the 1st."};

constexpr const char* kCode[] = {
    "Write a Python function that {s}. Include type hints and a docstring.",
    "Write a SQL query that {s} for the last {n} days",
    "Write a TypeScript React component that {s}",
};
constexpr const char* kCodeSubjects[] = {"parses a CSV file and returns the rows as dicts",
    "deduplicates a list while keeping the order", "retries an HTTP call with exponential backoff",
    "returns the top customers by revenue", "validates an email address", "renders a paginated table"};

constexpr const char* kDebugging[] = {
    "Why does this code fail with {s}?\n\ndef load(path):\n    with open(path) as f:\n        return json.load(f)[{n}]",
    "Fix the bug: the test fails with {s} after {n} iterations",
    "Explain this stack trace and propose a fix: {s} at line {n}",
};
constexpr const char* kDebuggingSubjects[] = {"KeyError", "IndexError: list index out of range",
    "a NullPointerException", "TypeError: undefined is not a function", "a segmentation fault",
    "a deadlock in the worker pool"};

constexpr const char* kLongDocument[] = {
    "Analyze the attached {s} (document {n}) and list every risk, obligation and deadline with page references.",
    "Read the whole {s} (document {n}) and answer: which clauses are not standard for our industry?",
};
constexpr const char* kLongDocumentSubjects[] = {"master services agreement", "annual report",
    "technical due diligence report", "data processing addendum", "RFP response"};

constexpr const char* kRag[] = {
    "Using only the context below, answer: how do I {s}? Context: [{n} retrieved passages]",
    "Answer from the knowledge base, cite the article ids: can I {s}?",
};
constexpr const char* kRagSubjects[] = {"export my data", "change the billing address", "invite a teammate",
    "enable single sign-on", "cancel my subscription", "rotate an API key", "set up webhooks"};

constexpr TaskSpec kTasks[] = {
    {"chat", 220, 200, 2500, 50, 700, 200, kChat, kChatSubjects, 1000, 1400, 600},
    {"classification", 150, 120, 600, 1, 12, 600, kClassification, kClassificationSubjects, 1000, 1100, 300},
    {"extraction", 120, 400, 2200, 40, 350, 400, kExtraction, kExtractionSubjects, 50000, 50600, 700},
    {"summarization", 120, 800, 4500, 80, 450, 250, kSummarization, kSummarizationSubjects, 1, 52, 700},
    {"translation", 80, 60, 900, 60, 1000, 350, kTranslation, kTranslationSubjects, 2, 9, 300},
    {"code_generation", 110, 300, 2500, 150, 1600, 100, kCode, kCodeSubjects, 7, 90, 500},
    {"debugging", 90, 600, 7000, 150, 1100, 50, kDebugging, kDebuggingSubjects, 0, 40, 750},
    {"long_document_analysis", 50, 4000, 60000, 300, 1800, 100, kLongDocument, kLongDocumentSubjects, 1, 5000, 850},
    {"rag_qa", 60, 1500, 6000, 60, 500, 200, kRag, kRagSubjects, 3, 12, 500},
};

constexpr const char* kNegations[][2] = {
    {"Turn on", "Turn off"}, {" is ", " is not "}, {"Is the", "Isn't the"}, {"positive", "negative"},
    {"can I", "can I not"}, {" and ", " but not "},
};
constexpr const char* kSynonyms[][2] = {
    {"Summarize", "Summarise"}, {"short", "brief"}, {"Write", "Draft"}, {"friendly", "polite"},
    {"Translate", "Please translate"}, {"Explain", "Describe"}, {"good", "simple"}, {"list", "enumerate"},
};

} // namespace

std::span<const TaskSpec> demoTasks()
{
    return kTasks;
}

std::span<const char* const[2]> negationPairs()
{
    return kNegations;
}

std::span<const char* const[2]> synonymPairs()
{
    return kSynonyms;
}

} // namespace costdash::demo
