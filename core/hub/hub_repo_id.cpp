// SPDX-License-Identifier: MIT
// Hub id parsing and validation (the rules of huggingface_hub's validate_repo_id, plus a safe
// character set for revisions, which become paths under refs/).
#include "core/hub/hub_repo_id.h"

#include "core/hub/hub_error.h"

#include <cctype>

namespace fpt::core {

namespace {

constexpr std::size_t kMaxNamePart = 96;
constexpr std::size_t kMaxRevision = 256;

bool isNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
}

// One part of an id: 1..96 of [A-Za-z0-9._-], starting and ending with a letter or digit.
bool validPart(const std::string& part) {
    if (part.empty() || part.size() > kMaxNamePart) {
        return false;
    }
    for (char c : part) {
        if (!isNameChar(c)) {
            return false;
        }
    }
    const auto edgeOk = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    return edgeOk(part.front()) && edgeOk(part.back());
}

std::string idProblem(const std::string& id) {
    if (id.find("--") != std::string::npos || id.find("..") != std::string::npos) {
        return "may not contain '--' or '..'";
    }
    const auto slash = id.find('/');
    if (slash == std::string::npos) {
        return validPart(id) ? "" : "must be NAME or ORG/NAME of letters, digits, '-', '_', '.'";
    }
    if (id.find('/', slash + 1) != std::string::npos) {
        return "has more than one '/' (expected ORG/NAME)";
    }
    if (!validPart(id.substr(0, slash)) || !validPart(id.substr(slash + 1))) {
        return "must be NAME or ORG/NAME of letters, digits, '-', '_', '.'";
    }
    return "";
}

std::string revisionProblem(const std::string& rev) {
    if (rev.empty() || rev.size() > kMaxRevision) {
        return "must have 1 to 256 characters";
    }
    for (char c : rev) {
        if (!isNameChar(c) && c != '/') {
            return "may only contain letters, digits, '-', '_', '.' and '/'";
        }
    }
    if (rev.front() == '/' || rev.back() == '/' || rev.find("//") != std::string::npos ||
        rev.find("..") != std::string::npos || rev.front() == '.') {
        return "may not start with '.' or '/', end with '/', or contain '//' or '..'";
    }
    return "";
}

}  // namespace

HubRepoId::HubRepoId(std::string id, std::string revision)
    : m_id(std::move(id)), m_revision(std::move(revision)) {}

HubRepoId HubRepoId::parse(const std::string& text) {
    const auto at = text.find('@');
    if (at == std::string::npos) {
        return parse(text, "");
    }
    if (at + 1 == text.size()) {
        throw HubError("Hub model id '" + text + "' ends with '@': write a revision after it, or leave '@' out");
    }
    return parse(text.substr(0, at), text.substr(at + 1));
}

HubRepoId HubRepoId::parse(const std::string& id, const std::string& revision) {
    if (const auto problem = idProblem(id); !problem.empty()) {
        throw HubError("Hub model id '" + id + "' " + problem);
    }
    const std::string rev = revision.empty() ? "main" : revision;
    if (const auto problem = revisionProblem(rev); !problem.empty()) {
        throw HubError("revision '" + rev + "' of '" + id + "' " + problem);
    }
    return HubRepoId(id, rev);
}

bool HubRepoId::isValid(const std::string& text) noexcept {
    try {
        parse(text);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

bool HubRepoId::isCommitHash(const std::string& text) noexcept {
    if (text.size() != 40) {
        return false;
    }
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::string HubRepoId::folderName() const {
    std::string name = "models--";
    for (char c : m_id) {
        name += c == '/' ? std::string("--") : std::string(1, c);
    }
    return name;
}

std::string HubRepoId::display() const {
    return m_revision == "main" ? m_id : m_id + "@" + m_revision;
}

std::string HubRepoId::fetchCommand() const {
    return "fpt fetch " + m_id + (m_revision == "main" ? "" : " --revision " + m_revision);
}

}  // namespace fpt::core
