import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { lambdaEntries } from '../bundling';
import { type DataResources, dataEnvironment, grantDataAccess } from './data-access';
import { NodeFunction } from './node-function';

// HTTP API context variables only: the REST-API set behind jsonWithStandardFields() includes
// variables (resourcePath, …) that an HTTP API stage rejects at deploy time.
// No `$context.path`: survey links carry their token in the path (/f/{token}), and a log
// of credentials is a leak waiting to happen.
const accessLogFields = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  userAgent: '$context.identity.userAgent',
};

export interface ApiProps extends DataResources {
  /** Steady-state requests per second for the whole API. @default 100 */
  readonly rateLimit?: number;
  /** @default 200 */
  readonly burstLimit?: number;
}

/**
 * The Hono app behind an HTTP API. One `$default` route forwards everything to the
 * function: routing, validation and authentication live in the app, as they do locally.
 */
export class Api extends Construct {
  readonly function: NodeFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.function = new NodeFunction(this, 'Handler', {
      entry: lambdaEntries.api,
      description: 'HTTP API (Hono app)',
      environment: dataEnvironment(props),
    });
    const fn = this.function.fn;
    grantDataAccess(this.function, props);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Elder association survey API',
      defaultIntegration: new HttpLambdaIntegration('Handler', fn),
      // The default stage is added below so that it can carry throttling and access logs.
      createDefaultStage: false,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // A flood of submissions at a deadline must queue at the edge, not exhaust the table.
      throttle: { rateLimit: props.rateLimit ?? 100, burstLimit: props.burstLimit ?? 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization is done by the application: admin routes verify HMAC-signed bearer ' +
        'tokens/session cookies and survey routes verify signed link tokens (see shared/auth); ' +
        'public routes (health, forms, login) must stay reachable without credentials.',
    });
  }
}
