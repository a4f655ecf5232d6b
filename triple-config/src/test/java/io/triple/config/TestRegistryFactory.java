package io.triple.config;

import io.triple.registry.Registry;
import io.triple.registry.RegistryFactory;
import io.triple.registry.ServiceUrl;

/** A registry plug-in of the kind a third party would ship: the validator must accept its protocol. */
public final class TestRegistryFactory implements RegistryFactory {
    @Override
    public String protocol() {
        return "etcd3";
    }

    @Override
    public Registry create(ServiceUrl url) {
        throw new UnsupportedOperationException("not for use");
    }
}
