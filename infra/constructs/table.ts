import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/store/table';

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

/**
 * The one DynamoDB table. Keys and GSIs come from `tableDefinition`, the same object the
 * local runner feeds to dynalite, so a laptop and AWS cannot disagree on the key schema.
 */
export class SurveyTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.table = new Table(this, 'Table', {
      partitionKey: stringKey(tableDefinition.partitionKey),
      sortKey: stringKey(tableDefinition.sortKey),
      // Traffic follows the survey calendar (quiet most of the year, spikes at deadlines).
      billingMode: BillingMode.PAY_PER_REQUEST,
      // Submissions are the programme's record; PITR allows recovery from a bad job run.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      // Data must outlive the stack: a `cdk destroy` or a replacement must not drop it.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      // Per-link rate counters and upload slots carry an expiry; DynamoDB deletes them after it.
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
    });

    for (const gsi of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: stringKey(gsi.partitionKey),
        sortKey: stringKey(gsi.sortKey),
        // Matches createTableInput(): every query on an index reads whole items.
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
