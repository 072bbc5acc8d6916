// SPDX-License-Identifier: MIT
// A Hugging Face Hub model id ("gpt2", "openai-community/gpt2", optionally "@revision"), checked
// against the Hub's naming rules so it is safe to use in URLs and cache folder names.
#pragma once

#include <string>

namespace fpt::core {

class HubRepoId {
public:
    /// Parses "name", "org/name", "name@rev" or "org/name@rev" (revision defaults to "main").
    /// Throws HubError saying what is wrong with the id.
    static HubRepoId parse(const std::string& text);

    /// Parses an id and a separate revision ("" means "main"); throws HubError.
    static HubRepoId parse(const std::string& id, const std::string& revision);

    /// True when `text` parses (cheap; used to tell a Hub id from a typo'd folder name).
    static bool isValid(const std::string& text) noexcept;

    /// True when `text` is a full commit hash (40 lowercase hex digits).
    static bool isCommitHash(const std::string& text) noexcept;

    const std::string& id() const { return m_id; }
    const std::string& revision() const { return m_revision; }

    /// The cache folder name: "models--" + id with "/" replaced by "--".
    std::string folderName() const;

    /// "id" for main, else "id@revision": what the user writes in model.backbone.
    std::string display() const;

    /// The command that downloads this model.
    std::string fetchCommand() const;

private:
    HubRepoId(std::string id, std::string revision);

    std::string m_id;
    std::string m_revision;
};

}  // namespace fpt::core
