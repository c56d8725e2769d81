import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * The HMAC key that signs session tokens and survey link tokens. The API reads it once
 * per cold start (`awsSigningSecret`), which insists on at least 32 bytes.
 */
export class TokenSecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.secret = new Secret(this, 'Secret', {
      description: 'Signing key for session and survey-link tokens',
      generateSecretString: {
        // A plain string (no JSON template): the adapter uses SecretString as the key bytes.
        passwordLength: 64,
        excludePunctuation: true,
      },
      // Deleting the key would invalidate every link already sent to the villages.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Not a credential for another system but an HMAC signing key; the app verifies with a ' +
        'single key, so automatic rotation would revoke every survey link issued for the current ' +
        'round. Rotation is a planned, manual step between survey rounds.',
    });
  }
}
