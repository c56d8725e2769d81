// Imported first by local entry points: the AWS SDK warns that it will need Node 22 from
// 2027, which is noise on a laptop running Node 20 (the Lambda runtime is Node 22).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
