package dev.cinnabar.config;

/** A configuration value Redis would refuse; the message is Redis's reason, e.g. "argument must be 'yes' or 'no'". */
public class InvalidConfigValueException extends IllegalArgumentException {

    public InvalidConfigValueException(String reason) {
        super(reason);
    }
}
