package io.triple.config;

import java.nio.file.Path;
import java.util.Map;

final class Loaders {
    private Loaders() {
    }

    static final String SEED = """
            logging:
              level: INFO
            dubbo:
              application:
                name: greeter-provider
              protocols:
                triple:
                  ip: 0.0.0.0
                  port: '8888'
                  name: tri
              registries:
                demoZK:
                  protocol: zookeeper
                  address: 127.0.0.1:2181
                  timeout: 3000ms
              provider:
                services:
                  GreeterProvider:
                    version: 1.0.0
                    group: test
                    protocol: triple
                    registry_ids: [demoZK]        # also accept a comma-separated string
                    interface: org.apache.dubbo.sample.tri.Greeter
                    weight: 100
                    tag: gray
              consumer:
                references:
                  GreeterClientImpl:
                    url: tri://localhost:8888
                    interface: org.apache.dubbo.sample.tri.Greeter
                    registry_ids: [demoZK]
                    version: 1.0.0
                    group: test
                    timeout: 3s
                    retries: 2
                    loadbalance: random
                    cluster: failover
            """;

    static final String MINIMAL = """
            dubbo:
              protocols:
                triple:
                  ip: 0.0.0.0
                  port: '8888'
                  name: tri
              provider:
                services:
                  GreeterProvider:
                    version: 1.0.0
                    group: test
                    protocol: triple
                    interface: org.apache.dubbo.sample.tri.Greeter
            """;

    /** A loader that sees no environment variables or system properties. */
    static ConfigLoader plain() {
        return with(Map.of(), Map.of(), Path.of("."));
    }

    static ConfigLoader with(Map<String, String> env, Map<String, String> props, Path dir) {
        return new ConfigLoader(env::get, props::get, dir);
    }

    static RootConfig parse(String yaml) {
        return plain().loadFromString(yaml, "dubbo.yaml");
    }
}
