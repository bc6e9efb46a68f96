package dev.cinnabar.acl;

import dev.cinnabar.command.CommandRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The syntax of ACL files and {@code user} lines: {@code user <name> <rule> ...}, selectors in parentheses. */
final class AclFile {

    private AclFile() {
    }

    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        for (String word : line.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /** Joins the words of a selector written with spaces, {@code (~app:* +get)}, into one rule. */
    static List<String> mergeSelectors(List<String> words) {
        List<String> rules = new ArrayList<>();
        StringBuilder selector = null;
        String selectorStart = null;
        for (String word : words) {
            if (selector == null && word.startsWith("(") && !word.endsWith(")")) {
                selector = new StringBuilder(word);
                selectorStart = word;
            } else if (selector != null) {
                selector.append(' ').append(word);
                if (word.endsWith(")")) {
                    rules.add(selector.toString());
                    selector = null;
                }
            } else {
                rules.add(word);
            }
        }
        if (selector != null) {
            throw new AclRuleException("Unmatched parenthesis in acl selector starting at '" + selectorStart + "'.");
        }
        return rules;
    }

    /** Parses one {@code user} line into {@code users}; returns the error, or null. */
    static String parseUser(String line, CommandRegistry registry, Map<String, AclUser> users) {
        List<String> words = words(line);
        if (!words.get(0).equals("user") || words.size() < 2) {
            return "line should start with user keyword";
        }
        String name = words.get(1);
        if (users.containsKey(name) && !name.equals(Acl.DEFAULT_USER)) {
            return "Duplicate user '" + name + "' found";
        }
        AclUser existing = users.get(name);
        AclUser user = existing == null ? new AclUser(name, registry.aclIdCount()) : existing;
        List<String> rules = new ArrayList<>();
        if (existing != null) {
            // A user line describes the whole user: the default user starts over from nothing.
            rules.add("reset");
        }
        try {
            rules.addAll(mergeSelectors(words.subList(2, words.size())));
            user.applyAll(rules, registry);
        } catch (AclRuleException e) {
            return e.getMessage();
        }
        users.put(name, user);
        return null;
    }
}
