package io.triple.config;

/**
 * {@code dubbo.ssl}: TLS for the servers and references the bootstrap starts, with Apache Dubbo
 * Java's key names. Paths are as written (relative ones from the working directory); empty means
 * not set.
 *
 * @param serverKeyCertChainPath PEM certificate chain the servers present (with the private key)
 * @param serverPrivateKeyPath PEM (PKCS#8) private key of that certificate
 * @param clientTrustCertCollectionPath PEM certificates references trust; set: references use TLS
 */
public record SslConfig(
        String serverKeyCertChainPath, String serverPrivateKeyPath, String clientTrustCertCollectionPath) {

    /** No TLS. */
    public static final SslConfig NONE = new SslConfig("", "", "");

    public SslConfig {
        serverKeyCertChainPath = serverKeyCertChainPath == null ? "" : serverKeyCertChainPath;
        serverPrivateKeyPath = serverPrivateKeyPath == null ? "" : serverPrivateKeyPath;
        clientTrustCertCollectionPath = clientTrustCertCollectionPath == null ? "" : clientTrustCertCollectionPath;
    }

    /** Whether servers serve TLS. */
    public boolean serverTls() {
        return !serverKeyCertChainPath.isEmpty();
    }

    /** Whether references connect with TLS. */
    public boolean clientTls() {
        return !clientTrustCertCollectionPath.isEmpty();
    }
}
