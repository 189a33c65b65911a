package io.shopscale.testsupport;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority made by the test, and a server certificate it signed for this machine's loopback
 * address ({@code 127.0.0.1} and {@code localhost}, so clients' host name checks pass), all as PEM text: a TLS server
 * in a test gets {@link #certificateChainPem()} and {@link #privateKeyPem()}, its clients trust
 * {@link #caCertificatePem()} alone. Valid for a day.
 *
 * @param caCertificatePem the CA's certificate, the one thing a client trusts
 * @param certificateChainPem the server's certificate followed by the CA's
 * @param privateKeyPem the server's private key, PKCS#8, unencrypted
 */
public record TestTls(String caCertificatePem, String certificateChainPem, String privateKeyPem) {

  private static final String SIGNATURE = "SHA256withRSA";

  public static TestTls forLoopback() {
    try {
      Instant now = Instant.now();
      Date from = Date.from(now.minus(Duration.ofHours(1)));
      Date until = Date.from(now.plus(Duration.ofDays(1)));
      KeyPair caKeys = rsaKeys();
      X500Name caName = new X500Name("CN=ShopScale test CA");
      X509Certificate ca = new JcaX509CertificateConverter().getCertificate(
          new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, from, until, caName, caKeys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .build(new JcaContentSignerBuilder(SIGNATURE).build(caKeys.getPrivate())));
      KeyPair serverKeys = rsaKeys();
      X509Certificate server = new JcaX509CertificateConverter().getCertificate(
          new JcaX509v3CertificateBuilder(ca, BigInteger.TWO, from, until, new X500Name("CN=localhost"),
              serverKeys.getPublic())
              .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                  new GeneralName(GeneralName.dNSName, "localhost")}))
              .addExtension(Extension.keyUsage, true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
              .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .build(new JcaContentSignerBuilder(SIGNATURE).build(caKeys.getPrivate())));
      String caPem = pem("CERTIFICATE", ca.getEncoded());
      return new TestTls(caPem, pem("CERTIFICATE", server.getEncoded()) + caPem,
          pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
    }
    catch (GeneralSecurityException | OperatorCreationException | CertIOException ex) {
      throw new IllegalStateException("Could not make the test certificates", ex);
    }
  }

  private static KeyPair rsaKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
