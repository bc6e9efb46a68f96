package dev.cinnabar.acl;

/** An ACL rule that cannot be applied: Redis's reason ("Syntax error") and the rule, when known. */
public class AclRuleException extends RuntimeException {

    private final String rule;

    public AclRuleException(String reason) {
        this(reason, null);
    }

    AclRuleException(String reason, String rule) {
        super(reason, null, false, false);
        this.rule = rule;
    }

    /** The error line ACL SETUSER answers with. */
    public String setUserError() {
        return rule == null ? "ERR " + getMessage()
                : "ERR Error in ACL SETUSER modifier '" + rule + "': " + getMessage();
    }
}
