package io.triple.config;

/**
 * {@code dubbo.ssl}: TLS for the servers and references the bootstrap starts, with Apache Dubbo
 * Java's key names. Paths are as written (relative ones from the working directory); empty means
 * not set.
 *
 * @param serverKeyCertChainPath PEM certificate chain the servers present (with the private key)
 * @param serverPrivateKeyPath PEM (PKCS#8) private key of that certificate
 * @param serverTrustCertCollectionPath PEM certificates client certificates must chain to; set:
 *     servers require a client certificate (mutual TLS)
 * @param clientTrustCertCollectionPath PEM certificates references trust; set: references use TLS
 * @param clientKeyCertChainPath PEM certificate chain references present to servers that ask
 * @param clientPrivateKeyPath PEM (PKCS#8) private key of that certificate
 */
public record SslConfig(
        String serverKeyCertChainPath, String serverPrivateKeyPath, String serverTrustCertCollectionPath,
        String clientTrustCertCollectionPath, String clientKeyCertChainPath, String clientPrivateKeyPath) {

    /** No TLS. */
    public static final SslConfig NONE = new SslConfig("", "", "", "", "", "");

    public SslConfig {
        serverKeyCertChainPath = orEmpty(serverKeyCertChainPath);
        serverPrivateKeyPath = orEmpty(serverPrivateKeyPath);
        serverTrustCertCollectionPath = orEmpty(serverTrustCertCollectionPath);
        clientTrustCertCollectionPath = orEmpty(clientTrustCertCollectionPath);
        clientKeyCertChainPath = orEmpty(clientKeyCertChainPath);
        clientPrivateKeyPath = orEmpty(clientPrivateKeyPath);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
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
