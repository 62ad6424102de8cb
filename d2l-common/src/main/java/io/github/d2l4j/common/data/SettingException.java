package io.github.d2l4j.common.data;

/**
 * A setting the user gave (a system property or an environment variable) has a value that cannot
 * be used. The message names the setting and says what it accepts; the runner maps this to exit
 * status 2, bad input.
 */
public final class SettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SettingException(String message) {
        super(message);
    }
}
