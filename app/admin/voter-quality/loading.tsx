export { default } from "@/components/admin/console-loading";
