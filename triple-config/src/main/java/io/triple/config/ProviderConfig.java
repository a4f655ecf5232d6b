package io.triple.config;

import java.time.Duration;
import java.util.List;

/**
 * The defaults under {@code dubbo.provider} (next to {@code services}) that every service inherits unless it sets
 * its own: Apache Dubbo's {@code <dubbo:provider>} attributes of the same names.
 *
 * @param token token every service requires, empty for none
 * @param executes maximum concurrent calls per service (each service counts its own), 0 for unlimited
 * @param accesslog whether every call of every service is logged on {@code triple.access}
 * @param filter interceptor names applied to every service, before the service's own
 * @param serialization the serializations interface (POJO) services accept; empty for every installed one
 * @param timeout the call timeout every service publishes in its registry URL (Dubbo's {@code timeout}
 *     parameter, which consumers that set none use), null for none
 * @param retries the retries every service publishes in its registry URL (Dubbo's {@code retries} parameter:
 *     Dubbo's consumers that set none retry a failed call that many times, 0 for a service that must not be
 *     called twice), null for none
 * @param register whether services that set none are registered (Dubbo's {@code register}, default true); false
 *     exports them without registering them anywhere
 */
public record ProviderConfig(String token, int executes, boolean accesslog, List<String> filter,
                             List<String> serialization, Duration timeout, Integer retries, boolean register) {

    /** No token, no limit, no access log, no filters, every installed serialization. */
    public static final ProviderConfig DEFAULTS = new ProviderConfig("", 0, false, List.of());

    public ProviderConfig {
        token = token == null ? "" : token;
        filter = filter == null ? List.of() : List.copyOf(filter);
        serialization = serialization == null ? List.of() : List.copyOf(serialization);
    }

    /** Defaults publishing no timeout nor retries. */
    public ProviderConfig(String token, int executes, boolean accesslog, List<String> filter,
                          List<String> serialization) {
        this(token, executes, accesslog, filter, serialization, null, null, true);
    }

    /** Defaults accepting every installed serialization. */
    public ProviderConfig(String token, int executes, boolean accesslog, List<String> filter) {
        this(token, executes, accesslog, filter, List.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().token(token).executes(executes).accesslog(accesslog).filter(filter)
                .serialization(serialization).timeout(timeout).retries(retries).register(register);
    }

    /** Builder for {@link ProviderConfig}; everything is optional. */
    public static final class Builder {
        private String token = "";
        private int executes;
        private boolean accesslog;
        private List<String> filter = List.of();
        private List<String> serialization = List.of();
        private Duration timeout;
        private Integer retries;
        private boolean register = true;

        private Builder() {
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder executes(int executes) {
            this.executes = executes;
            return this;
        }

        public Builder accesslog(boolean accesslog) {
            this.accesslog = accesslog;
            return this;
        }

        public Builder filter(List<String> filter) {
            this.filter = filter;
            return this;
        }

        public Builder filter(String... filter) {
            return filter(List.of(filter));
        }

        /** The serializations interface services accept (default: every installed one). */
        public Builder serialization(List<String> serialization) {
            this.serialization = serialization;
            return this;
        }

        public Builder serialization(String... serialization) {
            return serialization(List.of(serialization));
        }

        /** Whether services that set none are registered (default true). */
        public Builder register(boolean register) {
            this.register = register;
            return this;
        }

        /** The retries services publish for their consumers (Dubbo's); null (default) for none. */
        public Builder retries(Integer retries) {
            this.retries = retries;
            return this;
        }

        /** The call timeout services publish for their consumers; null (default) for none. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Builds without validation; validation happens when the {@link RootConfig} is built. */
        public ProviderConfig build() {
            return new ProviderConfig(token, executes, accesslog, filter, serialization, timeout, retries, register);
        }
    }
}
